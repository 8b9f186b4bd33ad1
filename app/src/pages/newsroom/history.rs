//! The story editor's look back: two revisions compared (a plain GET form
//! that names them in the address, so a comparison works without
//! JavaScript and can be shared), and, for admins, the story's history.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::history::{ComparisonView, EventView, HistoryLineView, compare, history};
use crate::codec;
use crate::domain::Lang;
use crate::i18n::fill;
use crate::i18n::newsroom::Texts;
use crate::l10n::dates;
use crate::l10n::numerals::number;
use crate::pages::loading;
use crate::routes;
use crate::wire::{Change, DiffLine};

/// The address's names for the two revisions compared.
const FROM: &str = "compare";
const TO: &str = "with";

/// A choice of two revisions, and their comparison once the address names
/// them. `numbers` are the story's revisions, newest first.
#[component]
pub fn Compare(lang: Lang, n: &'static Texts, id: i64, numbers: Vec<u32>) -> impl IntoView {
    let query = use_query_map();
    let chosen = move |name: &str| query.with(|q| q.get(name)).unwrap_or_default();
    let comparison = codec::resource(
        move || (lang.code().to_owned(), id, chosen(FROM), chosen(TO)),
        |(lang, id, from, to)| async move {
            if from.is_empty() || to.is_empty() {
                return None;
            }
            compare(lang, id.to_string(), from, to).await.ok()
        },
    );
    // By default the newest revision against the one before it.
    let default_to = numbers.first().copied().unwrap_or(1);
    let default_from = numbers.get(1).copied().unwrap_or(default_to);
    let current = move |name: &str, default: u32| {
        let value = chosen(name);
        if value.is_empty() {
            default.to_string()
        } else {
            value
        }
    };
    let select = move |name: &'static str, label: &'static str, default: u32| {
        let picked = current(name, default);
        let id = format!("revision-{name}");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <select id=id name=name>
                    {numbers
                        .iter()
                        .map(|revision| {
                            let value = revision.to_string();
                            let selected = value == picked;
                            view! { <option value=value selected=selected>{number(lang, u64::from(*revision))}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
        }
    };
    view! {
        <form method="get" action=routes::newsroom_story(lang, 0) class="decision compare-form">
            <input type="hidden" name="id" value=id.to_string()/>
            {select(FROM, n.compare_from, default_from)}
            {select(TO, n.compare_to, default_to)}
            <button type="submit">{n.compare_submit}</button>
        </form>
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                comparison.await.map(|found| view! { <Comparison n found/> })
            })}
        </Transition>
    }
}

#[component]
fn Comparison(n: &'static Texts, found: ComparisonView) -> impl IntoView {
    let unchanged = [&found.title, &found.dek, &found.body]
        .iter()
        .all(|lines| lines.iter().all(|line| line.change == Change::Same));
    let part = |label: &'static str, lines: Vec<DiffLine>| {
        let changed = lines.iter().any(|line| line.change != Change::Same);
        changed.then(|| {
            view! {
                <h3>{label}</h3>
                <div class="diff" dir="auto">
                    {lines.into_iter().map(|line| match line.change {
                        Change::Same => view! { <p class="diff-same">{line.text}</p> }.into_any(),
                        Change::Removed => view! { <p class="diff-removed"><del>{line.text}</del></p> }.into_any(),
                        Change::Added => view! { <p class="diff-added"><ins>{line.text}</ins></p> }.into_any(),
                    }).collect_view()}
                </div>
            }
        })
    };
    view! {
        <section class="comparison" aria-labelledby="comparison-title">
            <h3 id="comparison-title">{n.compare_title}</h3>
            {unchanged.then(|| view! { <p>{n.compare_same}</p> })}
            {part(n.field_headline, found.title)}
            {part(n.field_dek, found.dek)}
            {part(n.field_body, found.body)}
        </section>
    }
}

/// A history line in the page's words.
fn event_line(n: &'static Texts, lang: Lang, line: &HistoryLineView) -> String {
    let template = match &line.event {
        EventView::Created => n.ev_created.to_owned(),
        EventView::Submitted => n.ev_submitted.to_owned(),
        EventView::SentBack => n.ev_sent_back.to_owned(),
        EventView::Published => n.ev_published.to_owned(),
        EventView::PublishedOnSchedule => return n.ev_on_schedule.to_owned(),
        EventView::Updated => n.ev_updated.to_owned(),
        EventView::Scheduled(at) => fill(n.ev_scheduled, "time", at),
        EventView::Unpublished => n.ev_unpublished.to_owned(),
        EventView::Restored(revision) => {
            fill(n.ev_restored, "number", &number(lang, u64::from(*revision)))
        }
    };
    let name = if line.by.is_empty() {
        n.audit_command_line.to_owned()
    } else {
        crate::l10n::bidi::isolate(&line.by)
    };
    fill(&template, "name", &name)
}

/// Who did what to the story, and when, newest first (admins only).
#[component]
pub fn History(lang: Lang, n: &'static Texts, id: i64, version: Signal<usize>) -> impl IntoView {
    let lines = codec::resource(
        move || (lang.code().to_owned(), id.to_string(), version.get()),
        |(lang, id, _)| history(lang, id),
    );
    view! {
        <section class="story-history">
            <h2>{n.history_title}</h2>
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    lines.await.ok().map(|lines| view! {
                        <ol class="saved-list">
                            {lines.iter().map(|line| view! {
                                <li class="saved-item">
                                    <div class="saved-text">
                                        <span>{event_line(n, lang, line)}</span>
                                        <p class="saved-meta">{dates::format(lang, line.at)}</p>
                                    </div>
                                </li>
                            }).collect_view()}
                        </ol>
                    })
                })}
            </Transition>
        </section>
    }
}
