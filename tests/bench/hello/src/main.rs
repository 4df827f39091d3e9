//! Hello, world, as Tauri 2 makes it: one window, one static page with a one-row list.
fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("error while running hello-tauri");
}
