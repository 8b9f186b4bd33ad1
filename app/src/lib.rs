#![recursion_limit = "256"]
//! Khabar's shared Leptos crate: the app shell, the route table, components,
//! pages and the server functions that are the browser's only doorway to
//! the server.

pub mod accounts;
pub mod api;
pub mod components;
pub mod context;
#[cfg(feature = "ssr")]
pub mod dates;
pub mod domain;
pub mod dto;
pub mod error;
pub mod i18n;
pub mod lite;
pub mod offline;
pub mod pages;
pub mod reader;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod search;
pub mod site;
#[cfg(feature = "ssr")]
pub mod store;

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, Html, Link, MetaTags, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{SsrMode, path};

use components::error_view::NotFound;
use components::footer::Footer;
use components::header::Header;
use components::offline_banner::OfflineBanner;
use components::toast::{ToastRegion, Toasts};
use context::use_lang;
use domain::Category;
use pages::about::AboutPage;
use pages::account::{
    AccountPage, ForgotPasswordPage, RegisterPage, ResetPasswordPage, SignInPage,
};
use pages::article::ArticlePage;
use pages::category::{CategoryPage, MediaPage};
use pages::home::HomePage;
use pages::offline::OfflinePage;
use pages::reading_list::ReadingListPage;
use pages::search::SearchPage;

/// The HTML document around the app (server only).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // Data-saver pages ship no app bundle: HTML and CSS only.
    // The offline page is shown at other pages' addresses: never hydrated.
    let hydrate = !lite::is_lite() && !pages::offline::requested();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#1d3f72"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                {hydrate.then(|| view! { <HydrationScripts options/> })}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Router>
            <Frame/>
        </Router>
    }
}

/// Every page: header, the routed content, footer. Every URL is listed here.
/// Routes render with `SsrMode::Async` so the HTML holds the whole page (no
/// JavaScript needed to read it) and a missing story can still answer 404.
#[component]
fn Frame() -> impl IntoView {
    let location = use_location();
    context::provide_page_context(location.pathname);
    Toasts::provide();
    let reader = reader::Reader::provide();
    let lang = use_lang();
    offline::Offline::provide(reader, lang);
    view! {
        <Html
            attr:lang=move || lang.get().code()
            attr:dir=move || lang.get().dir().as_str()
            attr:class=lite::is_lite().then_some("lite")
        />
        // The app that installs from this page is the page's language's.
        {move || view! { <Link rel="manifest" href=routes::manifest(lang.get())/> }}
        <a class="skip-link" href="#main">{move || lang.get().texts().skip_to_content}</a>
        <Header/>
        <OfflineBanner/>
        <main id="main">
            <Routes fallback=NotFound>
                <Route path=path!("/:lang/") view=HomePage ssr=SsrMode::Async/>
                <Route path=path!("/:lang/category/:slug") view=CategoryPage ssr=SsrMode::Async/>
                <Route path=path!("/:lang/article/:slug") view=ArticlePage ssr=SsrMode::Async/>
                <Route
                    path=path!("/:lang/videos")
                    view=|| view! { <MediaPage category=Category::Videos/> }
                    ssr=SsrMode::Async
                />
                <Route
                    path=path!("/:lang/photos")
                    view=|| view! { <MediaPage category=Category::Photos/> }
                    ssr=SsrMode::Async
                />
                <Route path=path!("/:lang/about") view=AboutPage ssr=SsrMode::Async/>
                <Route path=path!("/:lang/search") view=SearchPage ssr=SsrMode::Async/>
                <Route path=path!("/:lang/reading-list") view=ReadingListPage ssr=SsrMode::Async/>
                <Route path=path!("/:lang/sign-in") view=SignInPage ssr=SsrMode::Async/>
                <Route path=path!("/:lang/register") view=RegisterPage ssr=SsrMode::Async/>
                <Route path=path!("/:lang/forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async/>
                <Route path=path!("/:lang/reset-password") view=ResetPasswordPage ssr=SsrMode::Async/>
                <Route path=path!("/:lang/account") view=AccountPage ssr=SsrMode::Async/>
                <Route path=path!("/:lang/offline") view=OfflinePage ssr=SsrMode::Async/>
            </Routes>
        </main>
        <ToastRegion/>
        <Footer/>
    }
}
