//! Waiting for the browser to put a frame on screen, so that work which can wait (the sync
//! engine's code, checking the session) does not hold up or share the network with the first
//! page a person sees.

/// Resolves once the browser has painted the frame it was about to paint (the next animation
/// frame, then a task after it).
pub async fn after_paint() {
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.request_animation_frame(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(frame).await;
    gloo_timers::future::TimeoutFuture::new(0).await;
}
