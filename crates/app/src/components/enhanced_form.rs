//! A form that posts to a server function and shows the problems the server reports in
//! place. Without JavaScript it is a plain HTML form: the server function redirects (or
//! sends the browser back). With the wasm loaded it posts the same fields by `fetch`, so a
//! problem the person can fix (`Ok(Some(ApiErrorBody))`, or a failed call) shows as the
//! summary above the form and each field's message beside it ([`FieldProblem`]).
//!
//! One form component for every server function: a generic `ActionForm<F>` would be one
//! island, and one copy of the client code, per function (docs/islands-plan.md §3). Forms
//! that need the function's return value (the invitation link, the imports) have their own.

use crate::components::errors::ErrorSummary;
use crate::error::UiError;
use leptos::prelude::*;

/// The problem the form's last submission reported, shared with its [`FieldProblem`]s.
#[derive(Clone, Copy)]
pub struct FormProblem(pub RwSignal<Option<UiError>>);

/// The form. `action` is the server function's URL (`<F as ServerFn>::url()`); the fields
/// and the submit button are the children. `reload` reloads the page after a success that
/// did not redirect, for edits the page shows in place.
///
/// On the server it first picks up what a refused plain post of this form left
/// (`form_flash`): the problem shows in the first HTML and the fields that read
/// [`kept_or`](crate::components::form_flash::kept_or) start with what was typed.
#[component]
pub fn EnhancedForm(
    #[prop(into)] action: String,
    #[prop(optional, into)] class: Option<String>,
    #[prop(optional)] reload: Option<bool>,
    children: Children,
) -> impl IntoView {
    #[cfg(feature = "ssr")]
    let flash = crate::components::form_flash::take(&action);
    #[cfg(not(feature = "ssr"))]
    let flash: Option<crate::components::form_flash::Flash> = None;
    let (initial, kept) = flash.map(|f| (f.problem.map(UiError), f.kept)).unwrap_or_default();
    provide_context(crate::components::form_flash::KeptInput(kept));
    // type-erased (boxed) here and below: a page of many forms otherwise nests every
    // form's render future on the stack, and a debug build's 2 MiB thread overflows
    view! { <FormIsland action class reload initial>{children().into_any()}</FormIsland> }.into_any()
}

/// The browser half of [`EnhancedForm`]: `initial` is the problem the server already
/// shows (a refused plain post), so the hydrated form starts where the HTML is.
#[island]
fn FormIsland(
    action: String,
    class: Option<String>,
    reload: Option<bool>,
    initial: Option<UiError>,
    children: Children,
) -> impl IntoView {
    let problem = RwSignal::new(initial);
    provide_context(FormProblem(problem));
    let busy = RwSignal::new(false);
    // (optional island props must be `Option`s: the island macro reads them that way)
    let reload = reload.unwrap_or(false);
    #[cfg(not(feature = "hydrate"))]
    let _ = reload; // only the browser posts by fetch
    #[cfg_attr(not(feature = "hydrate"), allow(unused_variables))]
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        browser::submit(ev, problem, busy, reload);
    };
    view! {
        <ErrorSummary error=Signal::from(problem) />
        <form action=action method="post" class=class.unwrap_or_else(|| "form".into()) novalidate
            aria-busy=move || busy.get().then_some("true") on:submit=on_submit>
            {children().into_any()}
        </form>
    }
    .into_any()
}

/// Where a field's message goes, inside an [`EnhancedForm`]: `field` is the name the
/// server uses for it, which is also the input's `id` (the summary links to it).
#[island]
pub fn FieldProblem(#[prop(into)] field: String) -> impl IntoView {
    let problem = use_context::<FormProblem>().map(|p| p.0);
    let message = {
        let field = field.clone();
        Memo::new(move |_| problem.and_then(|p| p.get()).and_then(|e| e.0.fields.get(&field).cloned()))
    };
    #[cfg(feature = "hydrate")]
    {
        let field = field.clone();
        Effect::new(move |_| browser::mark_invalid(&field, message.get().is_some()));
    }
    let id = format!("{field}-error");
    move || message.get().map(|m| view! { <p class="field-error" id=id.clone()>{m}</p> })
}

#[cfg(feature = "hydrate")]
mod browser {
    use crate::error::UiError;
    use domain::{ApiErrorBody, ErrorCode};
    use leptos::prelude::*;
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{HtmlButtonElement, HtmlElement, HtmlFormElement, RequestInit, Response, UrlSearchParams};

    /// Posts the form's fields (and the pressed button's) as the plain form would, but asks
    /// for JSON: then a redirect comes back as a header instead of a 302 (leptos_actix).
    pub fn submit(ev: leptos::ev::SubmitEvent, problem: RwSignal<Option<UiError>>, busy: RwSignal<bool>, reload: bool) {
        if busy.get_untracked() {
            ev.prevent_default();
            return;
        }
        let Ok(data) = leptos::form::form_data_from_event(&ev) else { return };
        let Some(form) = ev.target().and_then(|t| t.dyn_into::<HtmlFormElement>().ok()) else { return };
        let Ok(fields) = UrlSearchParams::new_with_str_sequence_sequence(&data) else { return };
        ev.prevent_default();
        let button = ev.submitter().and_then(|b| b.dyn_into::<HtmlButtonElement>().ok());
        set_pending(&button, busy, true);
        leptos::task::spawn_local(async move {
            let answer = post(&form.action(), &String::from(fields.to_string())).await;
            match answer {
                Answer::Redirect(to) => {
                    // the page is going away: leave the button disabled
                    go(&to);
                    return;
                }
                Answer::Done if reload => {
                    let _ = window().location().reload();
                    return;
                }
                Answer::Done => problem.set(None),
                Answer::Problem(p) => {
                    problem.set(Some(UiError(p)));
                    focus_summary(&form);
                }
            }
            set_pending(&button, busy, false);
        });
    }

    /// Loads `to`, even when it differs from this page only in its `#fragment` (the browser
    /// would then only scroll).
    fn go(to: &str) {
        let location = window().location();
        let here = location.href().unwrap_or_default();
        let same_page = web_sys::Url::new_with_base(to, &here)
            .ok()
            .zip(web_sys::Url::new(&here).ok())
            .is_some_and(|(a, b)| a.pathname() == b.pathname() && a.search() == b.search());
        let _ = location.assign(to);
        if same_page {
            let _ = location.reload();
        }
    }

    enum Answer {
        Redirect(String),
        Done,
        Problem(ApiErrorBody),
    }

    async fn post(url: &str, body: &str) -> Answer {
        match try_post(url, body).await {
            Ok(answer) => answer,
            Err(_) => Answer::Problem(ApiErrorBody::new(
                ErrorCode::Internal,
                "The server could not be reached. Check your connection and try again.".to_string(),
            )),
        }
    }

    async fn try_post(url: &str, body: &str) -> Result<Answer, JsValue> {
        let headers = web_sys::Headers::new()?;
        headers.set("Content-Type", "application/x-www-form-urlencoded")?;
        headers.set("Accept", "application/json")?;
        let init = RequestInit::new();
        init.set_method("POST");
        init.set_headers(&headers);
        init.set_body(&JsValue::from_str(body));
        let response: Response = JsFuture::from(window().fetch_with_str_and_init(url, &init)).await?.dyn_into()?;
        if response.headers().has("serverfnredirect")?
            && let Some(to) = response.headers().get("location")?
        {
            return Ok(Answer::Redirect(to));
        }
        let text = JsFuture::from(response.text()?).await?.as_string().unwrap_or_default();
        // a success is `null` or the problem for the form; a failure is the error itself
        Ok(match serde_json::from_str::<Option<ApiErrorBody>>(&text) {
            Ok(Some(problem)) => Answer::Problem(problem),
            Ok(None) if response.ok() => Answer::Done,
            _ => Answer::Problem(ApiErrorBody::new(
                ErrorCode::Internal,
                format!("Something went wrong on the server (status {}). Try again.", response.status()),
            )),
        })
    }

    fn set_pending(button: &Option<HtmlButtonElement>, busy: RwSignal<bool>, on: bool) {
        busy.set(on);
        if let Some(b) = button {
            b.set_disabled(on);
        }
    }

    /// Keyboard and screen-reader users land on the summary, which lists every problem.
    fn focus_summary(form: &HtmlFormElement) {
        let form = form.clone();
        // after the summary has rendered
        set_timeout(
            move || {
                // the summary is rendered just before its form
                let summary = form
                    .previous_element_sibling()
                    .filter(|e| e.class_list().contains("error-summary"))
                    .and_then(|e| e.dyn_into::<HtmlElement>().ok());
                if let Some(s) = summary {
                    let _ = s.focus();
                }
            },
            std::time::Duration::ZERO,
        );
    }

    /// `aria-invalid` on the field the message is about, so assistive tech announces it.
    /// The id may name the control or its wrapper (a fieldset, a `.field` block).
    pub fn mark_invalid(field: &str, invalid: bool) {
        let Some(el) = document().get_element_by_id(field) else { return };
        let control = if matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA") {
            Some(el)
        } else {
            el.query_selector("input, select, textarea").ok().flatten()
        };
        if let Some(c) = control {
            let _ = c.set_attribute("aria-invalid", if invalid { "true" } else { "false" });
        }
    }
}
