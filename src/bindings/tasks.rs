//! Running the SDK's futures from JavaScript: one Promise adapter and one task spawner for
//! every method.
//!
//! `wasm_bindgen_futures::{future_to_promise, spawn_local}` are generic over the future, so
//! calling them from ~100 methods instantiates their task machinery ~100 times (about 40 KB
//! of wasm). Here each method's future is boxed first and handed to one non-generic copy.

use std::future::Future;
use std::pin::Pin;

use wasm_bindgen::JsValue;

/// A boxed, single-threaded future: the one type the task machinery is instantiated for.
pub(super) type LocalTask<T> = Pin<Box<dyn Future<Output = T>>>;

/// A Promise that settles with `work`'s result (resolve on `Ok`, reject on `Err`).
pub(super) fn promise<F>(work: F) -> js_sys::Promise
where
    F: Future<Output = Result<JsValue, JsValue>> + 'static,
{
    promise_of_task(Box::pin(work))
}

fn promise_of_task(work: LocalTask<Result<JsValue, JsValue>>) -> js_sys::Promise {
    wasm_bindgen_futures::future_to_promise(work)
}

/// Runs `work` to completion on the page's microtask queue.
pub(super) fn spawn<F>(work: F)
where
    F: Future<Output = ()> + 'static,
{
    spawn_task(Box::pin(work));
}

fn spawn_task(work: LocalTask<()>) {
    wasm_bindgen_futures::spawn_local(work);
}
