//! `/interviews/exercises`: the exercise library — each exercise's brief, materials,
//! time box, what good looks like per level and the competencies it shows. Hatrack ships
//! six for IT leadership (written by us); plans pick from here. Hiring staff add and edit
//! exercises here (one form at a time: `?edit=new` or `?edit={id}`).

use super::room_nav;
use super::sfn::{LibraryView, SaveExerciseForm, list_exercises};
use crate::components::by_id::refusal;
use crate::components::enhanced_form::{EnhancedForm, FieldProblem};
use crate::components::form_flash::kept_or;
use crate::components::raw_text::raw_text;
use crate::components::signed_in::SignedIn;
use domain::interviews::exercise::{Exercise, ExerciseKind};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ExercisesPage() -> impl IntoView {
    let loaded = Resource::new(|| (), |_| list_exercises());
    // `?edit=new` opens the form for a new exercise, `?edit={id}` for that one: one form
    // on the page, so a refused post comes back to the form it came from
    let query = use_query_map();
    let editing = move || query.with_untracked(|q| q.get("edit"));
    view! {
        <Title text="Exercise library" />
        <SignedIn>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || loaded.get().map(|r| match r {
                    Ok(v) => page(v, editing()),
                    Err(e) => refusal(e),
                })}
            </Transition>
        </SignedIn>
    }
}

fn page(v: LibraryView, editing: Option<String>) -> AnyView {
    let list = &v.exercises;
    let form = editing.filter(|_| v.hiring_staff).and_then(|which| {
        if which == "new" {
            Some(exercise_form(None, &v.competencies))
        } else {
            list.iter().find(|e| e.id.to_string() == which).map(|e| exercise_form(Some(e), &v.competencies))
        }
    });
    let keeper = v.hiring_staff;
    view! {
        <div class="page-head">
            <h1>"Exercise library"</h1>
            <p class="lede">"Work samples, role-plays and questions for IT leadership hiring. Add them to a stage of an interview plan; the kit gives interviewers the brief and the rating guide."</p>
            {(keeper && form.is_none()).then(|| view! { <p class="page-action"><a class="button" href="?edit=new#exercise-form">"Add an exercise"</a></p> })}
        </div>
        {room_nav("/interviews/exercises")}
        {form}
        {if list.is_empty() {
            view! { <p class="empty">"The library is empty."</p> }.into_any()
        } else {
            view! { <nav class="toc" aria-label="Exercises"><ul>{list.iter().map(|e| view! {
                <li><a href=format!("#x-{}", e.id)>{e.input.title.clone()}</a></li>
            }).collect_view()}</ul></nav> }.into_any()
        }}
        {list.iter().map(|e| exercise(e, keeper)).collect_view()}
    }
    .into_any()
}

/// The form that adds an exercise (`e` none) or edits one. Fields start with what a
/// refused post kept, else the exercise's own values.
fn exercise_form(e: Option<&Exercise>, choices: &[(String, String)]) -> AnyView {
    let x = e.map(|e| e.input.clone());
    let value = |field: &str, own: String| kept_or(field, own);
    let title = value("title", x.as_ref().map(|x| x.title.clone()).unwrap_or_default());
    let kind = value("kind", x.as_ref().map_or("work_sample", |x| x.kind.as_str()).to_string());
    let minutes = value("minutes", x.as_ref().map_or(45, |x| x.minutes).to_string());
    let brief = value("brief", x.as_ref().map(|x| x.brief.clone()).unwrap_or_default());
    let materials = value("materials", x.as_ref().map(|x| x.materials.clone()).unwrap_or_default());
    let own_levels: Vec<(i32, String)> =
        x.as_ref().map(|x| x.good_looks_like.iter().map(|g| (g.level, g.text.clone())).collect()).unwrap_or_default();
    let top = own_levels.iter().map(|(l, _)| *l).max().unwrap_or(0).max(5);
    let levels: Vec<AnyView> = (1..=top)
        .map(|level| {
            let own = own_levels.iter().find(|(l, _)| *l == level).map(|(_, t)| t.clone()).unwrap_or_default();
            let text = value(&format!("good.{level}"), own);
            let id = format!("good-{level}");
            view! {
                <label for=id.clone()>{format!("Level {level}")}</label>
                <textarea id=id name=format!("good[{level}]") rows="2" maxlength="2000">{raw_text(text)}</textarea>
            }
            .into_any()
        })
        .collect();
    let own_slugs: Vec<String> = x.as_ref().map(|x| x.competencies.clone()).unwrap_or_default();
    let kept_slugs = kept_or("competencies", own_slugs.join(","));
    let ticked: Vec<&str> = kept_slugs.split(',').filter(|s| !s.is_empty()).collect();
    // the organization's competencies, and any the exercise names that none of its
    // frameworks has (kept unless untied)
    let mut offered: Vec<(String, String)> = choices.to_vec();
    for slug in &own_slugs {
        if !offered.iter().any(|(s, _)| s == slug) {
            offered.push((slug.clone(), readable(slug)));
        }
    }
    let boxes: Vec<AnyView> = offered
        .into_iter()
        .map(|(slug, name)| {
            let checked = ticked.contains(&slug.as_str());
            view! {
                <label class="check"><input type="checkbox" name=format!("competencies[{slug}]") value="on" checked=checked />" "{name}</label>
            }
            .into_any()
        })
        .collect();
    let kinds: Vec<AnyView> = ExerciseKind::ALL
        .iter()
        .map(|k| view! { <option value=k.as_str() selected=kind == k.as_str()>{k.label()}</option> }.into_any())
        .collect();
    let heading = match e {
        Some(e) => format!("Edit “{}”", e.input.title),
        None => "Add an exercise".to_string(),
    };
    let hidden = e.map(|e| (e.id.to_string(), e.version.to_string())).map(|(id, version)| {
        view! {
            <input type="hidden" name="id" value=id />
            <input type="hidden" name="version" value=version />
        }
        .into_any()
    });
    let save = if e.is_some() { "Save the exercise" } else { "Add to the library" };
    view! {
        <section class="card" id="exercise-form" aria-labelledby="exercise-form-title">
            <h2 id="exercise-form-title">{heading}</h2>
            <EnhancedForm action=SaveExerciseForm::url() class="stack-form">
                {hidden}
                <label for="title">"Title"</label>
                <FieldProblem field="title" />
                <input id="title" name="title" required maxlength="200" value=title autocomplete="off" />
                <label for="kind">"Kind"</label>
                <FieldProblem field="kind" />
                <select id="kind" name="kind">{kinds}</select>
                <label for="minutes">"Time box (minutes)"</label>
                <FieldProblem field="minutes" />
                <input id="minutes" name="minutes" type="number" min="5" max="480" required value=minutes />
                <label for="brief">"Brief (what the candidate reads)"</label>
                <FieldProblem field="brief" />
                <textarea id="brief" name="brief" rows="6" required maxlength="8000">{raw_text(brief)}</textarea>
                <label for="materials">"Materials (optional: what they get to work with)"</label>
                <FieldProblem field="materials" />
                <textarea id="materials" name="materials" rows="3" maxlength="8000">{raw_text(materials)}</textarea>
                <fieldset>
                    <legend>"What good looks like, per level (leave a level empty to skip it)"</legend>
                    <FieldProblem field="good" />
                    {levels}
                </fieldset>
                <fieldset>
                    <legend>"Competencies it shows (up to 12)"</legend>
                    <FieldProblem field="competencies" />
                    {boxes}
                </fieldset>
                <p class="links">
                    <button type="submit" class="button">{save}</button>
                    " "<a href="/interviews/exercises">"Cancel"</a>
                </p>
            </EnhancedForm>
        </section>
    }
    .into_any()
}

fn exercise(e: &Exercise, keeper: bool) -> AnyView {
    let x = &e.input;
    let id = format!("x-{}", e.id);
    view! {
        <section class="card exercise" aria-labelledby=id.clone()>
            <h2 id=id.clone()>{x.title.clone()}" "<span class="badge badge-muted">{x.kind.label()}</span></h2>
            {keeper.then(|| view! { <p class="page-action"><a href=format!("?edit={}#exercise-form", e.id)>"Edit"<span class="sr-only">{format!(" {}", x.title)}</span></a></p> })}
            <p class="muted small">{format!("{} minutes · shows {}", x.minutes, x.competencies.iter().map(|c| readable(c)).collect::<Vec<_>>().join(", "))}</p>
            <h3>"Brief"</h3>
            <p class="prose">{x.brief.clone()}</p>
            {(!x.materials.is_empty()).then(|| view! { <h3>"Materials"</h3><p class="prose">{x.materials.clone()}</p> })}
            {(!x.good_looks_like.is_empty()).then(|| view! {
                <h3>"What good looks like"</h3>
                <dl class="facts">{x.good_looks_like.iter().map(|g| view! {
                    <dt>{format!("Level {}", g.level)}</dt><dd>{g.text.clone()}</dd>
                }).collect_view()}</dl>
            })}
        </section>
    }
    .into_any()
}

/// A competency's slug as words ("incident-response-recovery" → "Incident response
/// recovery"): the library names competencies by slug, whatever framework a plan uses.
fn readable(slug: &str) -> String {
    let words = slug.replace('-', " ");
    let mut chars = words.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
