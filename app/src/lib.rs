#![recursion_limit = "256"]
//! Khabar's shared Leptos crate: the app shell, the route table, components,
//! pages and the server functions that are the browser's only doorway to
//! the server.

pub mod api;
pub mod browser;
pub mod codec;
pub mod components;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod l10n;
pub mod pages;
pub mod routes;
pub mod site;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod state;
pub mod wire;

use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos_meta::MetaTags;
use leptos_meta::{Html, Link, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{Lazy, SsrMode, path};

use components::error_view::NotFound;
use components::footer::Footer;
use components::header::Header;
use components::offline_banner::OfflineBanner;
use components::toast::ToastRegion;

use domain::Category;
use pages::about::AboutPage;
use pages::account::{
    AccountRoute, ForgotPasswordRoute, RegisterRoute, ResetPasswordRoute, SignInRoute,
};
use pages::article::ArticlePage;
use pages::category::{CategoryPage, MediaPage};
use pages::home::HomePage;
use pages::newsroom::NewsroomRoute;
use pages::offline::OfflinePage;
use pages::reading_list::ReadingListRoute;
use pages::search::SearchRoute;
use state::offline::Offline;
use state::page;
use state::reader::Reader;
use state::toasts::Toasts;

/// The HTML document around the app (server only).
#[cfg(feature = "ssr")]
pub fn shell(options: &LeptosOptions) -> impl IntoView + use<> {
    // Data-saver pages ship no app bundle: HTML and CSS only.
    // The offline page is shown at other pages' addresses: never hydrated.
    let hydrate = !page::is_lite() && !page::is_offline_page();
    let bundle = ssr::bundle::Bundle::current(options);
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#1d3f72"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link id="leptos" rel="stylesheet" href=bundle.css.as_str()/>
                {arabic_script_font()}
                {hydrate.then(page_texts)}
                {hydrate.then(|| app_script(bundle))}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Starts the app once the browser is idle after the first paint (with a
/// 2 s backstop). No preload hints: the bundle is not fetched until then,
/// so it never competes with the text, styles and pictures a reader sees
/// first; links and plain forms work before it arrives.
///
/// Two scripts, so that the page's policy may allow them by nonce (a page
/// rendered for one reader) or by digest (a cached page, whose nonce the
/// server replaces with the digests of the scripts that carried it): a
/// data block holding the start code, and a loader that runs it as a
/// script element of its own. Browsers let a script that a trusted script
/// created load modules under `'strict-dynamic'`; a parser-inserted script
/// allowed only by its digest may not `import()` at all.
#[cfg(feature = "ssr")]
fn app_script(bundle: &'static ssr::bundle::Bundle) -> impl IntoView + use<> {
    if let Some(split) = &bundle.split {
        // Leptos's server integration reads it to preload a lazy page's chunks.
        provide_context(split.clone());
    }
    let start = format!(
        "import({js:?}).then((app)=>app.default({{module_or_path:{wasm:?}}}).then(()=>app.hydrate()));",
        js = bundle.js,
        wasm = bundle.wasm,
    );
    // Never before the whole document is parsed: on a slow connection (or
    // from a worker that streams the page) the browser can be idle while
    // the end of the page, with the streamed data hydration reads, is
    // still on its way.
    let loader = format!(
        "(()=>{{const nonce=document.currentScript.nonce;const start=()=>{{const s=document.createElement(\"script\");\
         s.type=\"module\";s.nonce=nonce;s.text=document.getElementById({id:?}).textContent;document.head.append(s);}};\
         const idle=()=>{{if(\"requestIdleCallback\" in window)requestIdleCallback(start,{{timeout:2000}});else setTimeout(start,0);}};\
         if(document.readyState===\"loading\")document.addEventListener(\"DOMContentLoaded\",idle,{{once:true}});else idle();}})();",
        id = START_ID,
    );
    let nonce = leptos::nonce::use_nonce();
    view! {
        <script type="text/x-khabar-start" id=START_ID nonce=nonce.clone()>{start}</script>
        <script nonce=nonce>{loader}</script>
    }
}

/// Where the Arabic-script font is served (`make build` copies it from
/// npm), as the stylesheet's `@font-face` names it.
#[cfg(feature = "ssr")]
const ARABIC_SCRIPT_FONT: &str = "/fonts/vazirmatn-arabic-wght-normal.woff2";

/// On Arabic-script pages, asks for the font with the page rather than
/// after the stylesheet, so that it is usually there for the first paint:
/// the stylesheet's `font-display: optional` uses it only if it is, and
/// never swaps it in later (a late swap moved the whole page). Data-saver
/// pages keep the reader's own font.
#[cfg(feature = "ssr")]
fn arabic_script_font() -> Option<impl IntoView> {
    let rendering = use_context::<state::page::Rendering>()?;
    (rendering.lang.dir() == domain::Dir::Rtl && !rendering.lite).then(|| {
        view! {
            <link
                rel="preload"
                href=ARABIC_SCRIPT_FONT
                r#as="font"
                r#type="font/woff2"
                crossorigin="anonymous"
            />
        }
    })
}

/// The id of the data block that holds the app's start code.
#[cfg(feature = "ssr")]
const START_ID: &str = "app-start";

/// The page's language's UI strings, for the app to take in before it
/// hydrates: a JSON data block (never run), absent for English, which the
/// browser build carries itself.
#[cfg(feature = "ssr")]
fn page_texts() -> Option<impl IntoView> {
    let lang = page::rendering_lang();
    (lang != domain::Lang::En).then(|| {
        view! {
            <script
                type="application/json"
                id=i18n::PAGE_TEXTS_ID
                data-lang=lang.code()
                inner_html=i18n::values_json(lang)
            ></script>
        }
    })
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
/// `Lazy` routes keep their page's code out of the main WASM chunk.
#[component]
fn Frame() -> impl IntoView {
    let location = use_location();
    page::provide_page_context(location.pathname);
    Toasts::provide();
    let reader = Reader::provide();
    let lang = page::use_lang();
    let offline = Offline::provide(reader, lang);
    // Saved stories are for reading offline: once a reader has some, the
    // reading list's own code is fetched (once, while online) so the worker
    // keeps it and the list runs offline even if never opened online.
    Effect::new(move |fetched: Option<bool>| {
        if fetched == Some(true) {
            return true;
        }
        let wanted =
            reader.live.get() && offline.online.get() && reader.saved.with(|s| !s.is_empty());
        if wanted {
            leptos::task::spawn_local(<ReadingListRoute as leptos_router::LazyRoute>::preload());
        }
        wanted
    });
    // The app reached a language whose strings it lacks by a way the link
    // guard (`browser::texts`) does not see, such as a redirect after
    // sign-in: the server renders that page with its strings.
    Effect::new(move |_| {
        if !i18n::has_texts(lang.get()) {
            browser::document::reload();
        }
    });
    // `/` opens the language last read. The page writes the cookie, not
    // the server: a response that sets a cookie is one no shared cache
    // may keep.
    Effect::new(move |_| browser::document::set_cookie(&routes::lang_cookie(lang.get())));
    view! {
        <Html
            attr:lang=move || lang.get().code()
            attr:dir=move || lang.get().dir().as_str()
            attr:class=page::is_lite().then_some("lite")
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
                <Route path=path!("/:lang/search") view={Lazy::<SearchRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/:lang/reading-list") view={Lazy::<ReadingListRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/:lang/sign-in") view={Lazy::<SignInRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/:lang/register") view={Lazy::<RegisterRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/:lang/forgot-password") view={Lazy::<ForgotPasswordRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/:lang/reset-password") view={Lazy::<ResetPasswordRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/:lang/account") view={Lazy::<AccountRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/:lang/newsroom") view={Lazy::<NewsroomRoute>::new()} ssr=SsrMode::Async/>
                // Not `*rest`: a wildcard would bring its own matching code
                // into every reader's bundle; these shapes are the app's own.
                <Route path=path!("/:lang/newsroom/:page") view={Lazy::<NewsroomRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/:lang/offline") view=OfflinePage ssr=SsrMode::Async/>
            </Routes>
        </main>
        <ToastRegion/>
        <Footer/>
    }
}
