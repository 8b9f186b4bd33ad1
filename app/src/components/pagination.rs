//! Newer / Page N / Older links under a list.

use leptos::prelude::*;

use crate::domain::{Category, Lang};
use crate::i18n::fill;
use crate::paths;

#[component]
pub fn Pagination(lang: Lang, category: Category, page: u32, total_pages: u32) -> impl IntoView {
    let t = lang.texts();
    (total_pages > 1).then(|| {
        view! {
            <nav class="pagination" aria-label=t.pagination_label>
                {(page > 1).then(|| {
                    view! {
                        <a rel="prev" href=paths::category_page(lang, category, page - 1)>
                            {t.newer}
                        </a>
                    }
                })}
                <span aria-current="page">{fill(t.page_n, "n", &page.to_string())}</span>
                {(page < total_pages).then(|| {
                    view! {
                        <a rel="next" href=paths::category_page(lang, category, page + 1)>
                            {t.older}
                        </a>
                    }
                })}
            </nav>
        }
    })
}
