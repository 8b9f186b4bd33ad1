//! Reusable pieces of the page, one per file.

pub mod account_forms;
pub mod account_menu;
pub mod ad_slot;
pub mod article_card;
pub mod bookmark;
pub mod breadcrumb;
pub mod category_nav;
pub mod data_saver;
pub mod devices;
pub mod edition_download;
pub mod error_view;
pub mod follow_us;
pub mod footer;
pub mod header;
pub mod language_switcher;
pub mod offline_banner;
pub mod page_meta;
pub mod pagination;
pub mod search_box;
pub mod share;
pub mod structured_data;
pub mod toast;
