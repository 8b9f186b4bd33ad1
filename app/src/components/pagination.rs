//! Newer / Page N / Older links under a list.

use leptos::prelude::*;

use crate::domain::Lang;
use crate::i18n::fill;
use crate::l10n::numerals::number;

/// `link(n)` is the address of page `n` (section pages and search results
/// build theirs differently).
#[component]
pub fn Pagination(
    lang: Lang,
    page: u32,
    total_pages: u32,
    link: impl Fn(u32) -> String + 'static,
) -> impl IntoView {
    let t = lang.texts();
    (total_pages > 1).then(|| {
        view! {
            <nav class="pagination" aria-label=t.pagination_label>
                {(page > 1).then(|| view! { <a rel="prev" href=link(page - 1)>{t.newer}</a> })}
                <span aria-current="page">{fill(t.page_n, "page", &number(lang, u64::from(page)))}</span>
                {(page < total_pages).then(|| view! { <a rel="next" href=link(page + 1)>{t.older}</a> })}
            </nav>
        }
    })
}
