DROP TRIGGER assessments_standing ON assessments;
DROP FUNCTION assessments_refresh_standing();
DROP FUNCTION refresh_current_ratings(uuid, uuid);
DROP TABLE current_ratings;
