//! The eager executor behind the exports that run a flow (`run`, the refresh, the
//! requests): it polls the flow's future AT ONCE, inside the export call, with its own
//! waker. When every request the flow made was answered synchronously (a stub on
//! `Client.prototype.request` that calls its callback before returning), the future is
//! complete after that poll and the export returns the value itself, so the face calls the
//! user's callbacks before the public method returns, as the callback-style reference does.
//! Otherwise the export returns a Promise, and each wake polls again, synchronously, inside
//! the JS callback (or promise reaction) that woke the task, so a chain of synchronous
//! answers after an asynchronous one stays one synchronous step.
//!
//! Rules it keeps:
//! - never re-entrant: a wake that arrives while the task is being polled (a synchronous
//!   answer) only sets a flag, and the poll loop polls again before returning;
//! - nothing per request outlives the flow: the future (and with it every request's callback
//!   closure and waker) is dropped as soon as it completes, which breaks the
//!   task -> future -> waker -> task cycle;
//! - a panic in the first poll traps inside the export call, so it reaches the caller as a
//!   thrown error; a panic in a later poll traps inside the callback that woke the task, as it
//!   did in the microtask that `wasm_bindgen_futures::future_to_promise` polled from.
//!
//! There is one thread in wasm32, so the waker is a plain `Rc` behind a `RawWaker`.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::mem::ManuallyDrop;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

use wasm_bindgen::prelude::*;

type Flow = Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>>;

/// One flow being driven.
struct Task {
    /// `None` once complete.
    future: RefCell<Option<Flow>>,
    /// A poll is running (a wake now only sets `woken`).
    polling: Cell<bool>,
    /// Woken during the running poll: poll again.
    woken: Cell<bool>,
    /// The Promise's `resolve` and `reject`, once the first poll did not finish the flow.
    settle: RefCell<Option<(js_sys::Function, js_sys::Function)>>,
}

/// What starting a flow gave: its result already, or a Promise of it.
enum Started {
    Done(Result<JsValue, JsValue>),
    Pending(js_sys::Promise),
}

/// Not generic (one copy in each module, whatever the futures): the callers box.
fn start(future: Flow) -> Started {
    let task = Rc::new(Task {
        future: RefCell::new(Some(future)),
        polling: Cell::new(false),
        woken: Cell::new(false),
        settle: RefCell::new(None),
    });
    if let Some(result) = drive(&task) {
        return Started::Done(result);
    }
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        *task.settle.borrow_mut() = Some((resolve, reject));
    });
    Started::Pending(promise)
}

/// Runs `future` eagerly: `Ok(value)` / `Err(error)` (thrown to JS) when it completed during
/// the call, else `Ok(promise)` of its result. The face tells them apart by `.then`.
pub fn value_or_promise<F>(future: F) -> Result<JsValue, JsValue>
where
    F: Future<Output = Result<JsValue, JsValue>> + 'static,
{
    match start(Box::pin(future)) {
        Started::Done(result) => result,
        Started::Pending(promise) => Ok(promise.into()),
    }
}

/// Runs `future` eagerly, always answering with a Promise (for exports whose callers expect
/// one); replaces `wasm_bindgen_futures::future_to_promise`.
pub fn promise<F>(future: F) -> js_sys::Promise
where
    F: Future<Output = Result<JsValue, JsValue>> + 'static,
{
    match start(Box::pin(future)) {
        Started::Done(Ok(value)) => js_sys::Promise::resolve(&value),
        Started::Done(Err(error)) => js_sys::Promise::reject(&error),
        Started::Pending(promise) => promise,
    }
}

/// Polls until the future completes or waits without having been woken meanwhile. `Some`
/// with the result when it completed in this call; `None` when it waits, was complete
/// already, or a poll is running (then it only asks that poll to poll again).
fn drive(task: &Rc<Task>) -> Option<Result<JsValue, JsValue>> {
    if task.polling.get() {
        task.woken.set(true);
        return None;
    }
    let waker = waker_of(task);
    let mut cx = Context::from_waker(&waker);
    loop {
        task.polling.set(true);
        task.woken.set(false);
        let poll = match task.future.borrow_mut().as_mut() {
            Some(future) => future.as_mut().poll(&mut cx),
            None => {
                task.polling.set(false);
                return None;
            }
        };
        task.polling.set(false);
        match poll {
            Poll::Ready(result) => {
                let finished = task.future.borrow_mut().take();
                drop(finished);
                return Some(result);
            }
            Poll::Pending if task.woken.get() => continue,
            Poll::Pending => return None,
        }
    }
}

/// A wake from outside a poll: polls now, and settles the Promise when the flow completed.
fn wake_task(task: &Rc<Task>) {
    let Some(result) = drive(task) else { return };
    let settle = task.settle.borrow_mut().take();
    if let Some((resolve, reject)) = settle {
        let _ = match result {
            Ok(value) => resolve.call1(&JsValue::UNDEFINED, &value),
            Err(error) => reject.call1(&JsValue::UNDEFINED, &error),
        };
    }
}

static VTABLE: RawWakerVTable = RawWakerVTable::new(clone_raw, wake_raw, wake_by_ref_raw, drop_raw);

fn waker_of(task: &Rc<Task>) -> Waker {
    let raw = RawWaker::new(Rc::into_raw(Rc::clone(task)).cast(), &VTABLE);
    // SAFETY: the data pointer is an `Rc<Task>` this waker owns one count of, and the vtable's
    // functions below treat it as exactly that; wasm32 has one thread, so the waker never
    // crosses threads.
    unsafe { Waker::from_raw(raw) }
}

unsafe fn clone_raw(data: *const ()) -> RawWaker {
    // SAFETY: `data` came from `Rc::into_raw` of an `Rc<Task>` that is still alive.
    unsafe { Rc::increment_strong_count(data.cast::<Task>()) };
    RawWaker::new(data, &VTABLE)
}

unsafe fn wake_raw(data: *const ()) {
    // SAFETY: takes back the count this waker owned.
    let task = unsafe { Rc::from_raw(data.cast::<Task>()) };
    wake_task(&task);
}

unsafe fn wake_by_ref_raw(data: *const ()) {
    // SAFETY: borrows the waker's count without releasing it.
    let task = ManuallyDrop::new(unsafe { Rc::from_raw(data.cast::<Task>()) });
    wake_task(&task);
}

unsafe fn drop_raw(data: *const ()) {
    // SAFETY: releases the count this waker owned.
    drop(unsafe { Rc::from_raw(data.cast::<Task>()) });
}
