//! De-duplication of concurrent token refreshes: callers refreshing the same refresh
//! token while a refresh is in flight wait for that one request instead of sending their
//! own (the reference sends one per caller).

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use crate::protocol::messages::AuthResponse;
use crate::wire::SdkResult;

/// The shared outcome of one refresh request.
pub type RefreshOutcome = SdkResult<AuthResponse>;

#[derive(Default)]
struct Flight {
    finished: Cell<bool>,
    /// `None` once finished means the leader was dropped before its request completed.
    result: RefCell<Option<RefreshOutcome>>,
    wakers: RefCell<Vec<Waker>>,
}

impl Flight {
    fn finish(&self, result: Option<RefreshOutcome>) {
        *self.result.borrow_mut() = result;
        self.finished.set(true);
        let wakers = std::mem::take(&mut *self.wakers.borrow_mut());
        for waker in wakers {
            waker.wake();
        }
    }
}

/// Refreshes in flight, by key (the refresh token).
#[derive(Default)]
pub struct RefreshGate {
    in_flight: RefCell<Vec<(String, Rc<Flight>)>>,
}

impl RefreshGate {
    fn find(&self, key: &str) -> Option<Rc<Flight>> {
        self.in_flight.borrow().iter().find(|(k, _)| k == key).map(|(_, f)| Rc::clone(f))
    }

    fn remove(&self, flight: &Rc<Flight>) {
        self.in_flight.borrow_mut().retain(|(_, f)| !Rc::ptr_eq(f, flight));
    }

    /// Number of refreshes in flight (tests).
    pub fn in_flight(&self) -> usize {
        self.in_flight.borrow().len()
    }

    /// Runs `request` unless a refresh for `key` is already in flight, in which case its
    /// outcome is shared. If the running one is dropped before it completes, a waiter
    /// runs its own request.
    pub async fn run<F, Fut>(&self, key: &str, request: F) -> RefreshOutcome
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = RefreshOutcome>,
    {
        if let Some(flight) = self.find(key) {
            if let Some(result) = (WaitForFlight { flight }).await {
                return result;
            }
        }
        let flight = Rc::new(Flight::default());
        self.in_flight.borrow_mut().push((key.to_string(), Rc::clone(&flight)));
        let mut guard = LeaderGuard { gate: self, flight, done: false };
        let result = request().await;
        guard.done = true;
        self.remove(&guard.flight);
        guard.flight.finish(Some(result.clone()));
        result
    }
}

/// Marks the flight abandoned if the leader's future is dropped mid-request.
struct LeaderGuard<'a> {
    gate: &'a RefreshGate,
    flight: Rc<Flight>,
    done: bool,
}

impl Drop for LeaderGuard<'_> {
    fn drop(&mut self) {
        if !self.done {
            self.gate.remove(&self.flight);
            self.flight.finish(None);
        }
    }
}

struct WaitForFlight {
    flight: Rc<Flight>,
}

impl Future for WaitForFlight {
    type Output = Option<RefreshOutcome>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if self.flight.finished.get() {
            return Poll::Ready(self.flight.result.borrow().clone());
        }
        self.flight.wakers.borrow_mut().push(cx.waker().clone());
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::SdkError;
    use futures::executor::block_on;
    use futures::future::{join, poll_fn};

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
    fn concurrent_callers_share_one_request() {
        let gate = RefreshGate::default();
        let calls = Cell::new(0);
        let request = || async {
            calls.set(calls.get() + 1);
            yield_once().await;
            Err::<AuthResponse, _>(SdkError::network())
        };
        let (a, b) = block_on(join(gate.run("t", request), gate.run("t", request)));
        assert_eq!(calls.get(), 1);
        assert_eq!(a, b);
        assert_eq!(gate.in_flight(), 0);
        // Different keys do not share.
        let (_, _) = block_on(join(gate.run("t1", request), gate.run("t2", request)));
        assert_eq!(calls.get(), 3);
    }

    #[test]
    fn waiter_takes_over_when_the_leader_is_dropped() {
        let gate = RefreshGate::default();
        let calls = Cell::new(0);
        let request = || async {
            calls.set(calls.get() + 1);
            yield_once().await;
            Ok::<_, SdkError>(AuthResponse::default())
        };
        let waker = futures::task::noop_waker();
        let mut cx = Context::from_waker(&waker);
        let mut leader = Box::pin(gate.run("t", request));
        assert!(leader.as_mut().poll(&mut cx).is_pending());
        let mut waiter = Box::pin(gate.run("t", request));
        assert!(waiter.as_mut().poll(&mut cx).is_pending());
        drop(leader);
        assert!(block_on(waiter).is_ok());
        assert_eq!(calls.get(), 2);
    }
}
