//! `/{lang}/newsroom/story`: the story editor. `?id=N` opens a story,
//! nothing starts a blank one, `?from=N&into=xx` a translation. It is a
//! plain form that saves without JavaScript; with the app running it saves
//! by itself a few seconds after the last keystroke, previews the body as
//! readers will get it, and asks before the tab closes on unsaved work.

use std::time::Duration;

use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;

use super::stories::status_name;
use super::{history, newsroom_style, strings, words};
use crate::api::editor::{Act, RevisionView, SaveStory, StoryView, preview, revisions, story};
use crate::browser::editing::{mark_selection, show_address, warn_before_leaving};
use crate::browser::forms::Fields;
use crate::browser::timer;
use crate::codec;
use crate::components::error_view::ErrorView;
use crate::components::page_meta::PageMeta;
use crate::domain::{Category, Lang, Role, StoryStatus};
use crate::error::{AppError, Problem};
use crate::i18n::fill;
use crate::i18n::newsroom::Texts;
use crate::l10n::dates;
use crate::pages::loading;
use crate::routes;
use crate::routes::param;
use crate::state::page::use_lang;

/// How long after the last keystroke a draft saves itself.
const AUTOSAVE_AFTER: Duration = Duration::from_secs(4);
/// How long after the last keystroke in the body the preview follows.
const PREVIEW_AFTER: Duration = Duration::from_millis(700);
/// The body field's id, for the toolbar.
const BODY_ID: &str = "story-body";

/// A textarea's text as the page writes it. Leptos puts a textarea's
/// children into the server's HTML without escaping them (it counts them
/// as raw text), so a body holding `</textarea>` would close the field and
/// the rest would be read as markup. The server's copy is escaped here;
/// the browser makes a text node of it, which needs no escaping.
fn field_text(text: &str) -> String {
    if cfg!(feature = "ssr") {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    } else {
        text.to_owned()
    }
}

#[component]
pub fn EditorPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let strings = strings(lang);
    let acted = ServerAction::<Act>::new();
    // A new story's id once its first save made it. The address bar shows
    // it (`show_address`) without telling the router, whose navigation
    // would open the story anew and drop what was typed meanwhile; the
    // story is read again by this id after a decision. It is kept with the
    // address it was made at (`?from=…&into=…`, or none), so that opening
    // another blank story or translation later does not find it.
    let created = RwSignal::new(None::<Created>);
    let opened = codec::resource(
        move || {
            let q = query.read();
            let value = |name: &str| q.get(name).unwrap_or_default();
            (
                lang.get().code().to_owned(),
                [value("id"), value("from"), value("into")],
                acted.version().get(),
            )
        },
        move |(lang, [id, from, into], _)| {
            let made_here = created
                .get_untracked()
                .filter(|made| id.is_empty() && made.from == from && made.into == into);
            let id = made_here.map_or(id, |made| made.id.to_string());
            story(lang, id, from, into)
        },
    );
    view! {
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                let lang = lang.get();
                match (strings.await, opened.await) {
                    (Ok(values), Ok(story)) => match words(lang, values) {
                        Ok(n) => view! { <StoryEditor lang n story acted created/> }.into_any(),
                        Err(error) => view! { <ErrorView lang error/> }.into_any(),
                    },
                    (Err(error), _) | (_, Err(error)) => view! { <ErrorView lang error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A story made by its first save on the editor's page, and the address
/// (its `from` and `into`) it was made at.
#[derive(Debug, Clone, PartialEq)]
struct Created {
    id: i64,
    from: String,
    into: String,
}

/// The fields as the writer has them now. Each field shows its signal
/// through `prop:value` as well as its first `value`: when a decision
/// opens the story again, Leptos updates the page in place, and a field's
/// attribute no longer moves what it shows once someone typed in it (a
/// restored revision showed the text typed before).
#[derive(Clone, Copy)]
struct Draft {
    in_lang: RwSignal<String>,
    section: RwSignal<String>,
    slug: RwSignal<String>,
    title: RwSignal<String>,
    dek: RwSignal<String>,
    body: RwSignal<String>,
    byline: RwSignal<String>,
    caption: RwSignal<String>,
    alt: RwSignal<String>,
}

impl Draft {
    fn of(story: &StoryView) -> Self {
        Draft {
            in_lang: RwSignal::new(story.lang.code().to_owned()),
            section: RwSignal::new(story.section.slug().to_owned()),
            slug: RwSignal::new(story.slug.clone()),
            title: RwSignal::new(story.title.clone()),
            dek: RwSignal::new(story.dek.clone()),
            body: RwSignal::new(story.body.clone()),
            byline: RwSignal::new(story.byline.clone()),
            caption: RwSignal::new(story.caption.clone()),
            alt: RwSignal::new(story.image.clone().map(|(_, alt)| alt).unwrap_or_default()),
        }
    }
}

/// Where the saving stands: edits counted as they are made, and the count
/// the newest successful save carried.
#[derive(Clone, Copy)]
struct Saving {
    id: RwSignal<i64>,
    revision: RwSignal<u32>,
    from: RwSignal<String>,
    edits: RwSignal<u64>,
    saved_edits: RwSignal<u64>,
    /// Set by the first save made on this page: a published story then
    /// has a revision its readers do not see yet.
    saved_once: RwSignal<bool>,
    /// Set when the save was refused as stale: no more autosaves, so the
    /// other person's revision is not fought over.
    stopped: RwSignal<bool>,
    action: ServerAction<SaveStory>,
}

impl Saving {
    fn unsaved(self) -> bool {
        self.edits.get() != self.saved_edits.get()
    }

    fn save(self, lang: Lang, draft: Draft) {
        let id = self.id.get_untracked();
        self.action.dispatch(SaveStory {
            lang: lang.code().to_owned(),
            id: if id == 0 {
                String::new()
            } else {
                id.to_string()
            },
            revision: self.revision.get_untracked().to_string(),
            from: self.from.get_untracked(),
            in_lang: draft.in_lang.get_untracked(),
            section: draft.section.get_untracked(),
            slug: draft.slug.get_untracked(),
            title: draft.title.get_untracked(),
            dek: draft.dek.get_untracked(),
            body: draft.body.get_untracked(),
            byline: draft.byline.get_untracked(),
            caption: draft.caption.get_untracked(),
            alt: draft.alt.get_untracked(),
        });
    }
}

#[component]
fn StoryEditor(
    lang: Lang,
    n: &'static Texts,
    story: StoryView,
    acted: ServerAction<Act>,
    created: RwSignal<Option<Created>>,
) -> impl IntoView {
    let query = use_query_map();
    let draft = Draft::of(&story);
    let saving = Saving {
        id: RwSignal::new(story.id),
        revision: RwSignal::new(story.revision),
        from: RwSignal::new(
            story
                .translated_from
                .filter(|_| story.id == 0)
                .map(|(id, _)| id.to_string())
                .unwrap_or_default(),
        ),
        edits: RwSignal::new(0),
        saved_edits: RwSignal::new(0),
        saved_once: RwSignal::new(false),
        stopped: RwSignal::new(false),
        action: ServerAction::<SaveStory>::new(),
    };
    let may_edit = story.may_edit;
    let sent = StoredValue::new(0u64);
    // The edit count a save carries: only once it is really sent, so a
    // save already on its way cannot count newer edits as saved.
    let dispatch = move || {
        if saving.action.pending().get_untracked() {
            return;
        }
        sent.set_value(saving.edits.get_untracked());
        saving.save(lang, draft);
    };
    Effect::new(move |_| match saving.action.value().get() {
        Some(Ok(saved)) => {
            if saving.id.get_untracked() == 0 {
                show_address(&routes::newsroom_story(lang, saved.id));
                created.set(Some(Created {
                    id: saved.id,
                    from: query.with_untracked(|q| q.get("from").unwrap_or_default()),
                    into: query.with_untracked(|q| q.get("into").unwrap_or_default()),
                }));
                // Set once: the decisions below are drawn again when it
                // changes, and a click on one must not land on a form that
                // is being replaced.
                saving.id.set(saved.id);
            }
            saving.revision.set(saved.revision);
            saving.from.set(String::new());
            draft.slug.set(saved.slug);
            saving.saved_edits.set(sent.get_value());
            saving.saved_once.set(true);
            // Typed while this save was on its way (a timer or a press
            // that found it busy gave way): save that too, now.
            if saving.edits.get_untracked() != sent.get_value() {
                dispatch();
            }
        }
        Some(Err(AppError::Rejected(Problem::Story(crate::error::StoryProblem::Stale)))) => {
            saving.stopped.set(true);
        }
        _ => {}
    });
    warn_before_leaving(
        move || saving.edits.try_get_untracked() != saving.saved_edits.try_get_untracked(),
        n.leave_unsaved,
    );

    // A keystroke counts as an edit; some seconds without another saves a
    // story that has a headline (a blank one has nothing worth keeping).
    // Timers and answers may come after the editor was replaced (a
    // decision opens the story anew): they find its values gone and stop.
    let edited = move || {
        let edits = saving.edits.get_untracked() + 1;
        saving.edits.set(edits);
        timer::after(AUTOSAVE_AFTER, move || {
            // Only the newest edit's timer saves, and only what is not
            // saved yet (a Save pressed meanwhile has done it).
            let quiet = saving.edits.try_get_untracked() == Some(edits)
                && saving.saved_edits.try_get_untracked() != Some(edits);
            let ready = draft
                .title
                .try_with_untracked(|title| !title.trim().is_empty())
                .unwrap_or(false);
            if quiet && ready && saving.stopped.try_get_untracked() == Some(false) {
                dispatch();
            }
        });
    };

    let preview_html = RwSignal::new(String::new());
    let body_edits = StoredValue::new(0u64);
    let refresh_preview = move || {
        let body = draft.body.get_untracked();
        leptos::task::spawn_local(async move {
            if let Ok(html) = preview(lang.code().to_owned(), body).await {
                preview_html.try_set(html);
            }
        });
    };
    // The first preview once the app runs; then after each pause in typing.
    Effect::new(move |_| refresh_preview());
    let body_changed = move || {
        let count = body_edits.get_value() + 1;
        body_edits.set_value(count);
        timer::after(PREVIEW_AFTER, move || {
            if body_edits.try_get_value() == Some(count) {
                refresh_preview();
            }
        });
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if Fields::of(&ev).is_some() {
            ev.prevent_default();
            dispatch();
        }
    };
    let status_line = move || {
        if saving.action.pending().get() {
            n.saving
        } else if saving.unsaved() {
            n.unsaved
        } else if saving.id.get() != 0 {
            n.all_saved
        } else {
            ""
        }
    };
    let error = move || {
        let answer = saving
            .action
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| acted.value().get().and_then(Result::err));
        match answer {
            Some(error) => Some(error.form_message(lang)),
            None => query.with(|q| q.get(param::ERROR)).map(|code| {
                Problem::from_code(&code)
                    .map(|problem| problem.message(lang))
                    .unwrap_or_else(|| lang.texts().error_text.to_owned())
            }),
        }
    };
    let done = move || {
        query
            .with(|q| q.get(param::DONE))
            .and_then(|done| match done.as_str() {
                "saved" => Some(n.story_saved),
                "acted" => Some(n.story_acted),
                _ => None,
            })
    };

    let for_decisions = story.clone();
    let heading = if story.id == 0 {
        n.editor_new
    } else {
        n.editor_edit
    };
    let t = lang.texts();
    let input = |signal: RwSignal<String>| {
        move |ev: leptos::ev::Event| {
            signal.set(event_target_value(&ev));
            edited();
        }
    };
    let tool = move |label: &'static str, before: &'static str, after: &'static str| {
        view! {
            <button type="button" class="tool" disabled=!may_edit on:click=move |_| {
                if let Some(text) = mark_selection(BODY_ID, before, after) {
                    draft.body.set(text);
                    edited();
                    body_changed();
                }
            }>{label}</button>
        }
    };
    view! {
        {newsroom_style()}
        <PageMeta lang title=heading.to_owned() description=n.stories_intro.to_owned() path=routes::newsroom_story(lang, story.id)/>
        <Meta name="robots" content="noindex"/>
        <section class="newsroom-page story-editor">
            <p class="newsroom-links"><a href=routes::newsroom(lang)>{n.newsroom_title}</a></p>
            <h1>{move || if saving.id.get() == 0 { n.editor_new } else { n.editor_edit }}</h1>
            <p class="story-stage">
                <span class="version">{status_name(n, story.status)}</span>
                {(!story.author.is_empty()).then(|| view! { <span dir="auto">{fill(n.story_by, "name", &story.author)}</span> })}
                {(story.edited_at != 0).then(|| view! { <span>{fill(n.story_edited, "date", &dates::format(lang, story.edited_at))}</span> })}
            </p>
            {story.pending.then(|| view! { <p class="notice">{n.pending_note}</p> })}
            {(!story.review_note.is_empty()).then(|| view! {
                <div class="notice review-note">
                    <strong>{n.review_note_title}</strong>
                    <p dir="auto">{story.review_note.clone()}</p>
                </div>
            })}
            {(!may_edit).then(|| view! { <p class="notice">{n.read_only}</p> })}
            {story.translated_from.map(|(_, from)| view! {
                <p class="notice">{fill(n.translation_note, "language", from.native_name())}</p>
            })}
            {move || error().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            {move || done().map(|m| view! { <p class="form-done" role="status">{m}</p> })}
            <form method="post" action=SaveStory::PATH class="story-form" on:submit=on_submit>
                <input type="hidden" name="lang" value=lang.code()/>
                <input type="hidden" name="id" value=move || { let id = saving.id.get(); if id == 0 { String::new() } else { id.to_string() } }/>
                <input type="hidden" name="revision" value=move || saving.revision.get().to_string()/>
                <input type="hidden" name="from" value=move || saving.from.get()/>
                // Not while a decision is on its way: its answer opens the
                // story again, which would drop what was typed meanwhile.
                <fieldset disabled=move || !may_edit || acted.pending().get()>
                    <div class="story-row">
                        <div class="field">
                            <label for="story-lang">{n.filter_language}</label>
                            <select id="story-lang" name="in_lang" prop:value=move || draft.in_lang.get() on:change=input(draft.in_lang)>
                                {Lang::ALL.iter().map(|l| view! {
                                    <option value=l.code() selected=*l == story.lang>{l.native_name()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="story-section">{n.filter_section}</label>
                            <select id="story-section" name="section" prop:value=move || draft.section.get() on:change=input(draft.section)>
                                {Category::ALL.iter().map(|c| view! {
                                    <option value=c.slug() selected=*c == story.section>{c.name(t)}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    </div>
                    <div class="field">
                        <label for="story-title">{n.field_headline}</label>
                        <input id="story-title" name="title" dir="auto" maxlength="200" required=true value=story.title.clone() prop:value=move || draft.title.get() on:input=input(draft.title)/>
                    </div>
                    <div class="field">
                        <label for="story-dek">{n.field_dek}</label>
                        <textarea id="story-dek" name="dek" dir="auto" rows="2" maxlength="500" prop:value=move || draft.dek.get() on:input=input(draft.dek)>{field_text(&story.dek)}</textarea>
                    </div>
                    <div class="field">
                        <label for="story-slug">{n.field_slug}</label>
                        <input id="story-slug" name="slug" dir="ltr" maxlength="120" pattern="[a-z0-9]+(-[a-z0-9]+)*" aria-describedby="story-slug-hint" prop:value=move || draft.slug.get() value=story.slug.clone() on:input=input(draft.slug)/>
                        <p class="field-hint" id="story-slug-hint">{n.slug_hint}</p>
                    </div>
                    <div class="field">
                        <label for="story-byline">{n.field_byline}</label>
                        <input id="story-byline" name="byline" dir="auto" maxlength="120" value=story.byline.clone() prop:value=move || draft.byline.get() on:input=input(draft.byline)/>
                    </div>
                    <div class="field">
                        <label for=BODY_ID>{n.field_body}</label>
                        <div class="toolbar" role="toolbar" aria-controls=BODY_ID>
                            {tool(n.tool_bold, "**", "**")}
                            {tool(n.tool_italic, "*", "*")}
                            {tool(n.tool_heading, "\n\n## ", "\n\n")}
                            {tool(n.tool_list, "\n\n- ", "\n")}
                            {tool(n.tool_quote, "\n\n> ", "\n\n")}
                            {tool(n.tool_link, "[", "](https://)")}
                        </div>
                        <textarea id=BODY_ID name="body" dir="auto" rows="18" aria-describedby="story-body-hint" prop:value=move || draft.body.get() on:input=move |ev| {
                            draft.body.set(event_target_value(&ev));
                            edited();
                            body_changed();
                        }>{field_text(&story.body)}</textarea>
                        <p class="field-hint" id="story-body-hint">{n.body_hint}</p>
                    </div>
                    {story.image.clone().map(|(src, _)| view! {
                        <div class="field">
                            <img class="story-picture" src=src alt=""/>
                            <label for="story-alt">{n.field_alt}</label>
                            <input id="story-alt" name="alt" dir="auto" maxlength="400" required=true value=draft.alt.get_untracked() prop:value=move || draft.alt.get() on:input=input(draft.alt)/>
                        </div>
                    })}
                    // Without a picture there is no alt text; the server fn
                    // still takes the field.
                    {story.image.is_none().then(|| view! { <input type="hidden" name="alt" value=""/> })}
                    <div class="field">
                        <label for="story-caption">{n.field_caption}</label>
                        <input id="story-caption" name="caption" dir="auto" maxlength="400" value=story.caption.clone() prop:value=move || draft.caption.get() on:input=input(draft.caption)/>
                    </div>
                    <div class="story-save">
                        <button type="submit" class="primary" disabled=move || saving.action.pending().get()>{n.save}</button>
                        <span class="save-state" role="status" aria-live="polite">{status_line}</span>
                    </div>
                </fieldset>
            </form>
            <section class="story-preview" aria-labelledby="preview-title">
                <h2 id="preview-title">{n.preview_title}</h2>
                <div class="article-body" lang=move || draft.in_lang.get() dir="auto" inner_html=move || preview_html.get()></div>
            </section>
            {(story.id != 0).then(|| view! { <Languages lang n id=story.id versions=story.versions.clone()/> })}
            // A new story gets its decisions once its first save made it.
            {move || {
                let id = saving.id.get();
                (id != 0).then(|| {
                    let unsaved = Signal::derive(move || saving.unsaved());
                    let saved = saving.saved_once.into();
                    view! { <Decisions lang n story=for_decisions.clone() id acted unsaved saved/> }
                })
            }}
        </section>
    }
}

/// The story's language versions: each one's editor, and a translation to
/// start for each language it lacks.
#[component]
fn Languages(
    lang: Lang,
    n: &'static Texts,
    id: i64,
    versions: Vec<(i64, Lang, StoryStatus)>,
) -> impl IntoView {
    view! {
        <section class="story-languages">
            <h2>{n.versions_title}</h2>
            <ul class="story-versions">
                {Lang::ALL
                    .into_iter()
                    .map(|into| match versions.iter().find(|(_, l, _)| *l == into) {
                        Some((version, _, status)) => view! {
                            <li class=format!("version version-{}", status.code())>
                                <a href=routes::newsroom_story(lang, *version) lang=into.code() aria-current=(*version == id).then_some("page")>
                                    {into.native_name()}
                                </a>
                                ": "
                                {status_name(n, *status)}
                            </li>
                        }
                        .into_any(),
                        None => view! {
                            <li class="version version-missing">
                                <a href=routes::newsroom_translation(lang, id, into)>
                                    {fill(n.start_translation, "language", into.native_name())}
                                </a>
                            </li>
                        }
                        .into_any(),
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// What the caller may decide about the story now, each a small form that
/// works without JavaScript. Not while there are unsaved changes: a
/// decision is about what was saved.
#[component]
fn Decisions(
    lang: Lang,
    n: &'static Texts,
    story: StoryView,
    /// The story's id (`story` may be the blank one a first save made).
    id: i64,
    acted: ServerAction<Act>,
    unsaved: Signal<bool>,
    /// Whether a save was made on this page since the story was opened.
    saved: Signal<bool>,
) -> impl IntoView {
    use StoryStatus::{Draft, Published, Review, Scheduled, Unpublished};
    let editor = story.role.includes(Role::Editor);
    let status = story.status;
    let submit = story.may_edit && status == Draft;
    // A published story can be published again once it has a revision
    // readers do not see: one it had, or one saved on this page.
    let pending = story.pending;
    let publish = move || {
        editor
            && (matches!(status, Draft | Review | Scheduled | Unpublished)
                || (status == Published && (pending || saved.get())))
    };
    let schedule = editor && matches!(status, Draft | Review | Scheduled | Unpublished);
    let send_back = editor && matches!(status, Review | Scheduled);
    let unpublish = editor && status == Published;
    let decide =
        move |code: &'static str, label: &'static str, gives: &'static str, extra: AnyView| {
            view! { <DecisionForm lang id code label gives acted unsaved>{extra}</DecisionForm> }
        };
    let revisions = codec::resource(
        move || {
            (
                lang.code().to_owned(),
                id.to_string(),
                acted.version().get(),
            )
        },
        |(lang, id, _)| revisions(lang, id),
    );
    view! {
        <section class="story-decisions">
            <h2>{n.decisions_title}</h2>
            {(!story.publish_at.is_empty() && status == Scheduled).then(|| view! {
                <p>{fill(n.scheduled_for, "time", &story.publish_at.replace('T', " "))}</p>
            })}
            {submit.then(|| decide("submit", n.act_submit, "", ().into_any()))}
            {move || publish().then(|| decide("publish", if status == Published { n.act_publish_update } else { n.act_publish }, "", ().into_any()))}
            {schedule.then(|| decide("schedule", n.act_schedule, "at", view! {
                <div class="field">
                    <label for="story-at">{n.schedule_label}</label>
                    <input id="story-at" name="at" type="datetime-local" dir="ltr" required=true value=story.publish_at.clone()/>
                </div>
            }.into_any()))}
            {send_back.then(|| decide("send-back", n.act_send_back, "note", view! {
                <div class="field">
                    <label for="story-note">{n.note_label}</label>
                    <textarea id="story-note" name="note" dir="auto" rows="3" maxlength="2000"></textarea>
                </div>
            }.into_any()))}
            {unpublish.then(|| decide("unpublish", n.act_unpublish, "", ().into_any()))}
        </section>
        <section class="story-revisions">
            <h2>{n.revisions_title}</h2>
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    revisions.await.ok().map(|lines| {
                        let numbers: Vec<u32> = lines.iter().map(|line| line.number).collect();
                        view! {
                            <ol class="saved-list">
                                {lines.into_iter().map(|line| view! { <RevisionItem lang n line editor id acted unsaved/> }).collect_view()}
                            </ol>
                            {(numbers.len() > 1).then(|| view! { <history::Compare lang n id numbers/> })}
                        }
                    })
                })}
            </Transition>
        </section>
        {(story.role == Role::Admin).then(|| {
            let version = Signal::derive(move || acted.version().get());
            view! { <history::History lang n id version/> }
        })}
    }
}

#[component]
fn RevisionItem(
    lang: Lang,
    n: &'static Texts,
    line: RevisionView,
    editor: bool,
    id: i64,
    acted: ServerAction<Act>,
    unsaved: Signal<bool>,
) -> impl IntoView {
    let number = line.number.to_string();
    let label = fill(
        n.revision_line,
        "n",
        &crate::l10n::numerals::number(lang, u64::from(line.number)),
    );
    view! {
        <li class="saved-item">
            <div class="saved-text">
                <strong>{label}</strong>
                <span dir="auto">{line.title}</span>
                <p class="saved-meta">
                    <span>{dates::format(lang, line.saved_at)}</span>
                    {(!line.saved_by.is_empty()).then(|| view! { <span dir="ltr">{line.saved_by}</span> })}
                </p>
            </div>
            {editor.then(|| view! {
                <DecisionForm lang id code="restore" label=n.act_restore gives="number" acted unsaved>
                    <input type="hidden" name="number" value=number/>
                </DecisionForm>
            })}
        </li>
    }
}

#[component]
fn DecisionForm(
    lang: Lang,
    id: i64,
    code: &'static str,
    label: &'static str,
    /// The field the children give (`note`, `at` or `number`); the form
    /// sends the others empty, as the server fn takes all three.
    gives: &'static str,
    acted: ServerAction<Act>,
    unsaved: Signal<bool>,
    children: Children,
) -> impl IntoView {
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if let Some(f) = Fields::of(&ev) {
            ev.prevent_default();
            acted.dispatch(Act {
                lang: lang.code().to_owned(),
                id: id.to_string(),
                action: code.to_owned(),
                note: f.text("note"),
                at: f.text("at"),
                number: f.text("number"),
            });
        }
    };
    view! {
        <form method="post" action=Act::PATH class="decision" data-action=code on:submit=on_submit>
            <input type="hidden" name="lang" value=lang.code()/>
            <input type="hidden" name="id" value=id.to_string()/>
            <input type="hidden" name="action" value=code/>
            {["note", "at", "number"]
                .into_iter()
                .filter(|name| *name != gives)
                .map(|name| view! { <input type="hidden" name=name value=""/> })
                .collect_view()}
            {children()}
            <button type="submit" disabled=move || unsaved.get() || acted.pending().get()>{label}</button>
        </form>
    }
}
