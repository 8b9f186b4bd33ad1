//! "Download this edition" on the home page: keeps the home page and every
//! story it links to for offline reading, with progress, the
//! space used and the date the copy expires. Shown only where a service
//! worker runs, since nothing else can keep pages. Its code is a WASM
//! chunk of its own, fetched once the worker is known to run.

use leptos::prelude::*;

use crate::domain::Lang;
use crate::i18n::fill;
use crate::l10n::numerals::number;
use crate::state::offline::{self, EDITION_DAYS, use_offline};

/// `stories`: how many stories the home page links to (the edition keeps
/// them all).
#[component]
pub fn EditionDownload(lang: Lang, stories: u32) -> impl IntoView {
    let offline = use_offline();
    view! {
        <Show when=move || offline.worker.get()>
            {move || Suspend::new(edition_section(lang, stories))}
        </Show>
    }
}

#[lazy]
async fn edition_section(lang: Lang, stories: u32) -> AnyView {
    let offline = use_offline();
    let t = lang.texts();
    let edition = move || offline.editions.with(|e| e.get(lang.code()).cloned());
    let running = move || offline.download.get().is_some_and(|d| !d.finished);
    let intro = move || {
        let intro = fill(
            t.edition_intro,
            "stories",
            &t.edition_stories.count(lang, u64::from(stories)),
        );
        fill(
            &intro,
            "days",
            &t.edition_days.count(lang, u64::from(EDITION_DAYS)),
        )
    };
    let progress = move || {
        let download = offline.download.get()?;
        if download.finished {
            return download
                .failed
                .then(|| view! { <p class="edition-failed">{t.edition_failed}</p> }.into_any());
        }
        let text = fill(
            t.edition_progress,
            "done",
            &number(lang, u64::from(download.done)),
        );
        let text = fill(&text, "total", &number(lang, u64::from(download.total)));
        Some(
            view! {
                <progress value=download.done max=download.total.max(1)></progress>
                <p>{text}</p>
            }
            .into_any(),
        )
    };
    let ready = move || {
        if running() {
            return None;
        }
        let edition = edition()?;
        let text = t.edition_ready.count(lang, u64::from(edition.count));
        let text = fill(&text, "date", &offline::date(lang, edition.until));
        let space = offline
            .usage
            .get()
            .map(|bytes| fill(t.edition_space, "size", &offline::size(lang, bytes)));
        Some(view! {
            <p class="edition-ready">{text}</p>
            {space.map(|space| view! { <p class="edition-space">{space}</p> })}
        })
    };
    let label = move || {
        if edition().is_some() {
            t.edition_again
        } else {
            t.edition_download
        }
    };
    view! {
        <section class="edition" aria-labelledby="edition-title">
            <h2 id="edition-title">{t.edition_title}</h2>
            <p>{intro}</p>
            <button
                type="button"
                class="primary edition-button"
                disabled=move || running() || !offline.online.get()
                on:click=move |_| offline.download_edition(lang)
            >
                {label}
            </button>
            <Show when=move || !offline.online.get()>
                <p class="note">{t.edition_offline}</p>
            </Show>
            <div class="edition-status" role="status">
                {progress}
                {ready}
            </div>
        </section>
    }
    .into_any()
}
