//! `/interviews/exercises`: the exercise library — each exercise's brief, materials,
//! time box, what good looks like per level and the competencies it shows. Hatrack ships
//! six for IT leadership (written by us); plans pick from here.

use super::room_nav;
use super::sfn::list_exercises;
use crate::components::by_id::refusal;
use crate::components::signed_in::SignedIn;
use domain::interviews::exercise::Exercise;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ExercisesPage() -> impl IntoView {
    let loaded = Resource::new(|| (), |_| list_exercises());
    view! {
        <Title text="Exercise library" />
        <SignedIn>
            <Transition fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || loaded.get().map(|r| match r {
                    Ok(v) => page(v),
                    Err(e) => refusal(e),
                })}
            </Transition>
        </SignedIn>
    }
}

fn page(list: Vec<Exercise>) -> AnyView {
    view! {
        <div class="page-head">
            <h1>"Exercise library"</h1>
            <p class="lede">"Work samples, role-plays and questions for IT leadership hiring. Add them to a stage of an interview plan; the kit gives interviewers the brief and the rating guide."</p>
        </div>
        {room_nav("/interviews/exercises")}
        {if list.is_empty() {
            view! { <p class="empty">"The library is empty."</p> }.into_any()
        } else {
            view! { <nav class="toc" aria-label="Exercises"><ul>{list.iter().map(|e| view! {
                <li><a href=format!("#x-{}", e.id)>{e.input.title.clone()}</a></li>
            }).collect_view()}</ul></nav> }.into_any()
        }}
        {list.iter().map(exercise).collect_view()}
    }
    .into_any()
}

fn exercise(e: &Exercise) -> AnyView {
    let x = &e.input;
    let id = format!("x-{}", e.id);
    view! {
        <section class="card exercise" aria-labelledby=id.clone()>
            <h2 id=id.clone()>{x.title.clone()}" "<span class="badge badge-muted">{x.kind.label()}</span></h2>
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
