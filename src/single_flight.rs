//! One operation in flight per key, its result shared by every caller that asked for the same
//! key while it ran: concurrent token refreshes send one request (the reference sends one per
//! caller), concurrent credential requests one refresh. Single-threaded (wasm's event loop; a
//! native executor on one thread): no locks, futures need not be `Send`.
//!
//! A caller whose run is dropped before it finishes abandons it: the callers that joined it
//! start the operation again, one of them running and the others joining that run.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// The runs in flight, by key (`()` where there is only one).
pub struct SingleFlight<K, T> {
    flights: RefCell<Vec<(K, Rc<Flight<T>>)>>,
}

impl<K, T> Default for SingleFlight<K, T> {
    fn default() -> Self {
        SingleFlight {
            flights: RefCell::new(Vec::new()),
        }
    }
}

struct Flight<T> {
    result: RefCell<Option<T>>,
    /// The caller running the operation was dropped before it finished.
    abandoned: Cell<bool>,
    waiters: RefCell<Vec<Waker>>,
}

impl<T> Flight<T> {
    fn new() -> Self {
        Flight {
            result: RefCell::new(None),
            abandoned: Cell::new(false),
            waiters: RefCell::new(Vec::new()),
        }
    }

    fn wake_all(&self) {
        let waiters = std::mem::take(&mut *self.waiters.borrow_mut());
        for w in waiters {
            w.wake();
        }
    }
}

/// Ends a flight when the caller running it finishes or is dropped.
struct Leader<'a, K, T> {
    owner: &'a SingleFlight<K, T>,
    flight: Rc<Flight<T>>,
}

impl<K, T> Drop for Leader<'_, K, T> {
    fn drop(&mut self) {
        if self.flight.result.borrow().is_none() {
            self.flight.abandoned.set(true);
        }
        self.owner
            .flights
            .borrow_mut()
            .retain(|(_, f)| !Rc::ptr_eq(f, &self.flight));
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

impl<K: PartialEq, T: Clone> SingleFlight<K, T> {
    /// Nothing in flight.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many runs are in flight.
    pub fn in_flight(&self) -> usize {
        self.flights.borrow().len()
    }

    fn running(&self, key: &K) -> Option<Rc<Flight<T>>> {
        self.flights
            .borrow()
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, f)| Rc::clone(f))
    }

    /// The result of the run for `key` already in flight, or of `operation` started now.
    pub async fn run<F: Future<Output = T>>(&self, key: K, operation: impl FnOnce() -> F) -> T {
        // Joins the run in flight; when its caller abandons it, joins the next or starts one.
        while let Some(flight) = self.running(&key) {
            if let Some(result) = Join(flight).await {
                return result;
            }
        }
        let flight = Rc::new(Flight::new());
        self.flights.borrow_mut().push((key, Rc::clone(&flight)));
        let leader = Leader {
            owner: self,
            flight,
        };
        let result = operation().await;
        *leader.flight.result.borrow_mut() = Some(result.clone());
        drop(leader);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::executor::block_on;
    use futures::future::{join, poll_fn};

    /// An operation's future: pending until `open` is set, then `value`.
    struct Gate {
        open: Rc<Cell<bool>>,
        value: u32,
    }

    impl Future for Gate {
        type Output = u32;
        fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<u32> {
            if self.open.get() {
                Poll::Ready(self.value)
            } else {
                Poll::Pending
            }
        }
    }

    /// An operation that counts its starts in `runs` and ends with `value` once `open` is set.
    fn gated<'a>(runs: &'a Cell<u32>, open: &Rc<Cell<bool>>, value: u32) -> impl Fn() -> Gate + 'a {
        let open = Rc::clone(open);
        move || {
            runs.set(runs.get() + 1);
            Gate { open: Rc::clone(&open), value }
        }
    }

    fn poll<F: Future>(f: Pin<&mut F>) -> Poll<F::Output> {
        let waker = futures::task::noop_waker();
        f.poll(&mut Context::from_waker(&waker))
    }

    /// Pending once, then ready.
    async fn yield_once() {
        let mut yielded = false;
        poll_fn(|cx| {
            if yielded {
                Poll::Ready(())
            } else {
                yielded = true;
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        })
        .await
    }

    #[test]
    fn concurrent_callers_share_one_run() {
        let flight: SingleFlight<(), u32> = SingleFlight::new();
        let runs = Cell::new(0);
        let open = Rc::new(Cell::new(false));
        let op = gated(&runs, &open, 7);
        let mut a = Box::pin(flight.run((), &op));
        let mut b = Box::pin(flight.run((), &op));
        assert!(poll(a.as_mut()).is_pending());
        assert!(poll(b.as_mut()).is_pending());
        assert_eq!(flight.in_flight(), 1);
        open.set(true);
        assert_eq!(poll(a.as_mut()), Poll::Ready(7));
        assert_eq!(poll(b.as_mut()), Poll::Ready(7));
        assert_eq!(runs.get(), 1);
        assert_eq!(flight.in_flight(), 0);
        // The next call runs again.
        assert_eq!(poll(Box::pin(flight.run((), &op)).as_mut()), Poll::Ready(7));
        assert_eq!(runs.get(), 2);
    }

    #[test]
    fn callers_for_different_keys_run_their_own() {
        let flight: SingleFlight<String, Result<u32, String>> = SingleFlight::new();
        let runs = Cell::new(0);
        let op = || async {
            runs.set(runs.get() + 1);
            yield_once().await;
            Err::<u32, _>("network".to_string())
        };
        let (a, b) = block_on(join(flight.run("t".into(), op), flight.run("t".into(), op)));
        assert_eq!(runs.get(), 1, "one run for one key");
        assert_eq!(a, b, "a failure is shared as well");
        let _ = block_on(join(
            flight.run("t1".into(), op),
            flight.run("t2".into(), op),
        ));
        assert_eq!(runs.get(), 3);
        assert_eq!(flight.in_flight(), 0);
    }

    #[test]
    fn a_dropped_leader_hands_the_run_to_a_waiter() {
        let flight: SingleFlight<(), u32> = SingleFlight::new();
        let runs = Cell::new(0);
        let open = Rc::new(Cell::new(false));
        let op = gated(&runs, &open, 1);
        let mut a = Box::pin(flight.run((), &op));
        let mut b = Box::pin(flight.run((), &op));
        let mut c = Box::pin(flight.run((), &op));
        assert!(poll(a.as_mut()).is_pending());
        assert!(poll(b.as_mut()).is_pending());
        assert!(poll(c.as_mut()).is_pending());
        drop(a);
        assert_eq!(flight.in_flight(), 0);
        assert!(
            poll(b.as_mut()).is_pending(),
            "b now runs the operation itself"
        );
        assert!(poll(c.as_mut()).is_pending(), "c joins b's run");
        assert_eq!(flight.in_flight(), 1);
        assert_eq!(runs.get(), 2);
        open.set(true);
        assert_eq!(poll(b.as_mut()), Poll::Ready(1));
        assert_eq!(poll(c.as_mut()), Poll::Ready(1));
        assert_eq!(
            runs.get(),
            2,
            "the abandoned run is started again once, not once per waiter"
        );
    }
}
