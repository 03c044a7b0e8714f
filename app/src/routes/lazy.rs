//! Pages whose code is fetched when first opened: Leptos' lazy routes over wasm-split chunks.
//!
//! Leptos' own `#[lazy_route]` panics when a chunk cannot be fetched, and with `panic = "abort"`
//! that ends the whole app. These routes load their chunk with wasm-split's `fallible` option
//! instead, and show "This page could not be loaded" with a way to try again.

use leptos::prelude::*;
use leptos::wasm_split::SplitLoaderError;

/// A page's chunk could not be fetched: offline before it was kept, or a server error.
pub struct NotLoaded;

impl From<SplitLoaderError> for NotLoaded {
    fn from(_: SplitLoaderError) -> Self {
        NotLoaded
    }
}

/// Declares `$route`, a lazy route showing the view `$page`, whose code goes into the chunk
/// `$chunk`. Every route naming the same chunk shares its download.
macro_rules! lazy_page {
    ($route:ident, $chunk:ident, $($page:tt)*) => {
        // Braced, so the struct takes only the type name and the split function the value name.
        pub struct $route {}

        // Named like the route so that each split function's symbol is unique.
        #[allow(non_snake_case)]
        #[::leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $route() -> Result<::leptos::prelude::AnyView, $crate::routes::lazy::NotLoaded> {
            use ::leptos::prelude::*;
            Ok(view! { $($page)* }.into_any())
        }

        impl ::leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route {}
            }

            async fn view(_: Self) -> ::leptos::prelude::AnyView {
                match $route().await {
                    Ok(page) => page,
                    Err($crate::routes::lazy::NotLoaded) => $crate::routes::lazy::not_loaded(),
                }
            }
        }
    };
}
pub(crate) use lazy_page;

/// What a page shows when its code could not be fetched.
pub fn not_loaded() -> AnyView {
    view! {
        <h1 class="govuk-heading-l">"This page could not be loaded"</h1>
        <p class="govuk-body">
            "Touchstone could not fetch this page. You may be offline, and this page was not kept \
             on this device yet."
        </p>
        <p class="govuk-body">
            <a class="govuk-link" href="" on:click=|ev| {
                ev.prevent_default();
                if let Some(window) = web_sys::window() {
                    let _ = window.location().reload();
                }
            }>"Try again"</a>
        </p>
    }
    .into_any()
}
