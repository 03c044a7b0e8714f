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

/// Declares `$route`, a lazy route whose code goes into the chunk `$chunk`, showing the page
/// its arms choose for the path's segments (as in `["notes", _]`; the last arm takes the rest).
///
/// A chunk's routes share one route type, and so one copy of the router's code to choose and
/// load it: each route type cost the first download about 0.6 KB of matching and loading code
/// (forty of them, 25 KB before compression), while choosing among a chunk's pages here costs
/// a few bytes in the chunk itself. The route table (`routes/mod.rs`) still declares each path,
/// with its parameters.
macro_rules! lazy_pages {
    ($route:ident, $chunk:ident, { $($segments:pat => { $($page:tt)* }),+ $(,)? }) => {
        // Braced, so the struct takes only the type name and the split function the value name.
        pub struct $route {}

        // Named like the route so that each split function's symbol is unique.
        #[allow(non_snake_case)]
        #[::leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $route() -> Result<::leptos::prelude::AnyView, $crate::routes::lazy::NotLoaded> {
            use ::leptos::prelude::*;
            // The router has moved to the new path before it loads the page for it.
            let path = ::leptos_router::hooks::use_location().pathname.get_untracked();
            if $crate::routes::lazy::sent_to_account(&path) {
                return Ok(().into_any());
            }
            let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
            #[allow(clippy::match_single_binding)]
            Ok(match segments.as_slice() {
                $($segments => view! { $($page)* }.into_any(),)+
            })
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
pub(crate) use lazy_pages;

/// Someone whose password an administrator chose is sent to Your account to choose their own
/// before any other page opens (sign-out apart): checked as each lazy page loads, so the first
/// download carries none of it (signing in takes them there first).
pub fn sent_to_account(path: &str) -> bool {
    let must = use_context::<crate::state::Session>()
        .and_then(|s| s.user_untracked())
        .is_some_and(|u| u.must_change_password);
    if !must || path == "/account" || path == "/sign-out" {
        return false;
    }
    let navigate = leptos_router::hooks::use_navigate();
    // After this page's render, not during it.
    leptos::task::spawn_local(async move { navigate("/account", Default::default()) });
    true
}

/// Shows `show(what it gave)` once `load` has fetched a chunk from inside another chunk (pages
/// too big for one); "Loading…" meanwhile, and `not_loaded` if it could not be fetched.
pub fn nested<T: Clone + Send + Sync + 'static>(
    load: impl Future<Output = Result<T, NotLoaded>> + 'static,
    show: impl Fn(T) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    // `Some(None)`: the chunk could not be fetched.
    let loaded = RwSignal::new(None::<Option<T>>);
    leptos::task::spawn_local(async move {
        loaded.set(Some(load.await.ok()));
    });
    move || match loaded.get() {
        None => view! { <p class="govuk-body">"Loading…"</p> }.into_any(),
        Some(Some(page)) => show(page),
        Some(None) => not_loaded(),
    }
}

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
