//! Home: the latest stories (a lead with image first), then a section per
//! category with its newest stories.

use leptos::prelude::*;

use super::{lang_param, loading};
use crate::api::get_home;
use crate::codec;
use crate::components::ad_slot::AdSlot;
use crate::components::article_card::ArticleCard;
use crate::components::edition_download::EditionDownload;
use crate::components::error_view::ErrorView;
use crate::components::page_meta::{FeedLink, PageMeta};
use crate::components::structured_data::{self, JsonLd};
use crate::domain::Lang;
use crate::i18n::fill;
use crate::routes;
use crate::state::page::{site_origin, use_lang};
use crate::wire::HomePage as Home;

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let code = lang_param();
    let home = codec::resource(move || code.get(), get_home);
    view! {
        <Transition fallback=loading>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(data) => view! { <HomeView lang=lang.get() data/> }.into_any(),
                    Err(error) => view! { <ErrorView lang=lang.get() error/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn HomeView(lang: Lang, data: Home) -> impl IntoView {
    let t = lang.texts();
    let stories = u32::try_from(data.linked_stories().len()).unwrap_or(u32::MAX);
    let mut latest = data.latest.into_iter();
    let lead = latest.next();
    view! {
        <PageMeta
            lang
            title=t.site_name.to_owned()
            description=t.site_description.to_owned()
            path=routes::home(lang)
        />
        <FeedLink lang title=t.site_name.to_owned() href=routes::feed(lang)/>
        <JsonLd data=structured_data::website(lang, &site_origin())/>
        <h1 class="visually-hidden">{t.site_name}</h1>
        <section class="latest" aria-labelledby="latest-title">
            <h2 id="latest-title">{t.latest}</h2>
            {lead.map(|card| view! { <ArticleCard card lead=true/> })}
            <div class="card-grid">
                {latest.map(|card| view! { <ArticleCard card/> }).collect_view()}
            </div>
        </section>
        <EditionDownload lang stories/>
        <AdSlot lang/>
        {data
            .sections
            .into_iter()
            .map(|section| {
                let name = section.category.name(t);
                let id = format!("section-{}", section.category.slug());
                view! {
                    <section class="home-section" aria-labelledby=id.clone()>
                        <h2 id=id.clone()>
                            <a href=routes::category(lang, section.category)>{name}</a>
                        </h2>
                        <div class="card-grid">
                            {section
                                .stories
                                .into_iter()
                                .map(|card| view! { <ArticleCard card/> })
                                .collect_view()}
                        </div>
                        <p class="see-all">
                            <a href=routes::category(lang, section.category)>
                                {fill(t.see_all, "category", name)}
                            </a>
                        </p>
                    </section>
                }
            })
            .collect_view()}
    }
}
