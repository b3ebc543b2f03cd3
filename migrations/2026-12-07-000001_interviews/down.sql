DROP TABLE loop_decisions, work_sample_files, work_sample_submissions, work_sample_links,
    scorecard_ratings, scorecards, loop_interviewers, loop_stages, interview_loops, candidates,
    plan_stage_competencies, plan_stages, interview_plan_versions, interview_plans, exercises;
DROP FUNCTION loop_decisions_are_immutable, scorecard_ratings_of_submitted_are_frozen,
    scorecards_submitted_are_frozen, plan_rows_are_frozen, interview_plan_versions_published_are_frozen;
ALTER TABLE organizations DROP COLUMN candidate_retention_days;
