//! Constant-time building blocks: all-ones/all-zeros masks that the compiler cannot see
//! through.
//!
//! A mask made from a secret bit (`0 − bit`) lets code pick between two values with
//! `and`/`or`/`xor` instead of a branch. But once LLVM knows that a value can only be 0 or
//! all ones, it rewrites `(a & m) | (b & !m)` into a `select` and `(x ^ k) − 1 >> 63` into
//! an `eq` that feeds one; WebAssembly engines may compile `select` into a branch (baseline
//! tiers do), and then the secret steers control flow again. Every mask therefore passes
//! through [`core::hint::black_box`] (an optimisation barrier: the value is written to memory
//! and read back, and the optimiser must assume that anything may have happened to it in
//! between), so neither LLVM nor wasm-opt can prove it is a 0/1 value, and the selections
//! stay plain arithmetic. `scripts/check-wasm-ct.mjs` checks the shipped wasm for it.

use core::hint::black_box;

/// `0` for `bit == 0`, all ones for `bit == 1` (`bit` must be 0 or 1).
#[inline(always)]
pub(super) fn mask_from_bit(bit: u64) -> u64 {
    black_box(bit).wrapping_neg()
}

/// All ones when `a == b`, else `0`, without comparing: `(a ^ b) − 1` has its top bit set
/// exactly when `a ^ b == 0` (both are below 2^63).
#[inline(always)]
pub(super) fn mask_if_equal(a: usize, b: usize) -> u64 {
    mask_from_bit(((a ^ b) as u64).wrapping_sub(1) >> 63)
}

/// `if mask is all ones { a } else { b }` for a mask from this module.
#[inline(always)]
pub(super) fn pick(mask: u64, a: u64, b: u64) -> u64 {
    b ^ (mask & (a ^ b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn masks_and_picks() {
        assert_eq!(mask_from_bit(0), 0);
        assert_eq!(mask_from_bit(1), u64::MAX);
        for (a, b) in [(0usize, 0usize), (31, 31), (0, 1), (5, 31), (usize::MAX >> 1, usize::MAX >> 1), (usize::MAX >> 1, 0)] {
            assert_eq!(mask_if_equal(a, b), if a == b { u64::MAX } else { 0 }, "{a} {b}");
        }
        assert_eq!(pick(u64::MAX, 7, 9), 7);
        assert_eq!(pick(0, 7, 9), 9);
    }
}
