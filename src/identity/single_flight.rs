//! One operation in flight at a time, its result shared by every caller that asked while
//! it ran: concurrent credential requests send one refresh. Single-threaded (wasm's event
//! loop; a native executor on one thread): no locks, futures need not be `Send`.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// Shares the result of one running operation with the callers that join it.
pub struct SingleFlight<T> {
    current: RefCell<Option<Rc<Flight<T>>>>,
}

impl<T> Default for SingleFlight<T> {
    fn default() -> Self {
        SingleFlight { current: RefCell::new(None) }
    }
}

struct Flight<T> {
    result: RefCell<Option<T>>,
    /// The caller running the operation was dropped before it finished.
    abandoned: Cell<bool>,
    waiters: RefCell<Vec<Waker>>,
}

impl<T> Flight<T> {
    fn wake_all(&self) {
        for w in self.waiters.borrow_mut().drain(..) {
            w.wake();
        }
    }
}

/// Ends a flight when the caller running it finishes or is dropped.
struct Leader<'a, T> {
    owner: &'a SingleFlight<T>,
    flight: Rc<Flight<T>>,
}

impl<T> Drop for Leader<'_, T> {
    fn drop(&mut self) {
        if self.flight.result.borrow().is_none() {
            self.flight.abandoned.set(true);
        }
        let mut current = self.owner.current.borrow_mut();
        if current.as_ref().is_some_and(|c| Rc::ptr_eq(c, &self.flight)) {
            *current = None;
        }
        drop(current);
        self.flight.wake_all();
    }
}

/// Waits for a flight's result: `None` when it was abandoned.
struct Join<T>(Rc<Flight<T>>);

impl<T: Clone> Future for Join<T> {
    type Output = Option<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        if let Some(result) = self.0.result.borrow().as_ref() {
            return Poll::Ready(Some(result.clone()));
        }
        if self.0.abandoned.get() {
            return Poll::Ready(None);
        }
        let mut waiters = self.0.waiters.borrow_mut();
        if !waiters.iter().any(|w| w.will_wake(cx.waker())) {
            waiters.push(cx.waker().clone());
        }
        Poll::Pending
    }
}

impl<T: Clone> SingleFlight<T> {
    /// A new, idle flight.
    pub fn new() -> Self {
        Self::default()
    }

    /// True while an operation runs.
    pub fn is_running(&self) -> bool {
        self.current.borrow().is_some()
    }

    /// The result of the operation already running, or of `operation` started now. A
    /// caller that joined a run whose own caller was dropped starts the operation itself.
    pub async fn run<F: Future<Output = T>>(&self, operation: impl FnOnce() -> F) -> T {
        let mut operation = Some(operation);
        loop {
            let running = self.current.borrow().clone();
            if let Some(flight) = running {
                match Join(flight).await {
                    Some(result) => return result,
                    None => continue,
                }
            }
            let flight = Rc::new(Flight { result: RefCell::new(None), abandoned: Cell::new(false), waiters: RefCell::new(Vec::new()) });
            *self.current.borrow_mut() = Some(flight.clone());
            let leader = Leader { owner: self, flight };
            // The loop only comes back here after joining, never after running.
            let start = operation.take().expect("the operation runs once");
            let result = start().await;
            *leader.flight.result.borrow_mut() = Some(result.clone());
            drop(leader);
            return result;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::task::Wake;

    /// A future that is pending until `open` is set.
    struct Gate(Rc<Cell<bool>>);

    impl Future for Gate {
        type Output = ();
        fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
            if self.0.get() {
                Poll::Ready(())
            } else {
                Poll::Pending
            }
        }
    }

    struct Noop;
    impl Wake for Noop {
        fn wake(self: std::sync::Arc<Self>) {}
    }

    fn poll<F: Future>(f: Pin<&mut F>) -> Poll<F::Output> {
        let waker = Waker::from(std::sync::Arc::new(Noop));
        f.poll(&mut Context::from_waker(&waker))
    }

    #[test]
    fn concurrent_callers_share_one_run() {
        let flight: SingleFlight<u32> = SingleFlight::new();
        let runs = Cell::new(0);
        let open = Rc::new(Cell::new(false));
        let op = || {
            runs.set(runs.get() + 1);
            let gate = Gate(open.clone());
            async move {
                gate.await;
                7
            }
        };
        let mut a = Box::pin(flight.run(op));
        let mut b = Box::pin(flight.run(op));
        assert!(poll(a.as_mut()).is_pending());
        assert!(poll(b.as_mut()).is_pending());
        assert!(flight.is_running());
        open.set(true);
        assert_eq!(poll(a.as_mut()), Poll::Ready(7));
        assert_eq!(poll(b.as_mut()), Poll::Ready(7));
        assert_eq!(runs.get(), 1);
        assert!(!flight.is_running());
        // The next call runs again.
        assert_eq!(poll(Box::pin(flight.run(op)).as_mut()), Poll::Ready(7));
        assert_eq!(runs.get(), 2);
    }

    #[test]
    fn a_dropped_leader_hands_the_run_to_a_waiter() {
        let flight: SingleFlight<u32> = SingleFlight::new();
        let open = Rc::new(Cell::new(false));
        let op = || {
            let gate = Gate(open.clone());
            async move {
                gate.await;
                1
            }
        };
        let mut a = Box::pin(flight.run(op));
        let mut b = Box::pin(flight.run(op));
        assert!(poll(a.as_mut()).is_pending());
        assert!(poll(b.as_mut()).is_pending());
        drop(a);
        assert!(!flight.is_running());
        assert!(poll(b.as_mut()).is_pending(), "b now runs the operation itself");
        assert!(flight.is_running());
        open.set(true);
        assert_eq!(poll(b.as_mut()), Poll::Ready(1));
    }
}
