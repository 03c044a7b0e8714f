//! Marks in the browser's performance timeline around work whose speed has a goal (a search of
//! the device's directory, reading and updating the copy), for the benchmark to read with
//! `performance.getEntriesByName`. Invisible to people; costs a few microseconds.

fn performance() -> Option<web_sys::Performance> {
    web_sys::window().and_then(|w| w.performance())
}

/// Starts timing `name`.
pub fn start(name: &str) {
    if let Some(p) = performance() {
        let _ = p.mark(&format!("{name}:start"));
    }
}

/// Ends timing `name`: a measure of that name from its `start`.
pub fn end(name: &str) {
    if let Some(p) = performance() {
        let _ = p.measure_with_start_mark(name, &format!("{name}:start"));
    }
}
