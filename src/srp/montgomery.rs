//! Arithmetic modulo the fixed SRP prime N (RFC 3526, 3072 bits) on [`Uint`]'s limbs:
//! exponentiation, `x mod N`, `a·b mod N`, `(a − b) mod N`, `a + u·x` and `hex mod N`.
//! Every modular operation of the SRP client runs here; num-bigint is not used (natively,
//! the server side and the tests check against it).
//!
//! # Representation
//! Numbers are 110 limbs of 28 bits each, held in `u64`s (R = 2^3080). A 28×28-bit product
//! is < 2^56, so a whole column of a Montgomery product (≤ 110 products of `a·b` plus ≤ 110
//! of `m·N`, plus the carry) stays below 2^64: the inner loops are just load, `i64.mul`,
//! `i64.add`, with no carry detection (wasm has no 64×64→128 multiply and no add-with-carry;
//! 32-bit limbs need a compare and an add per product to track the carry out of a `u64`).
//! That costs 110² instead of 96² products but each is about half the instructions.
//!
//! # Montgomery product (product scanning, "FIPS" order)
//! N ≡ −1 (mod 2^64), so −N⁻¹ mod 2^28 = 1 and each reduction digit `m_i` is simply the low
//! 28 bits of the running column. R = 2^3080 > 4N, so products are "almost" reduced: inputs
//! and outputs stay below 2N and no final subtraction is needed between operations (Walter's
//! bound); only the conversion out of Montgomery form reduces fully. This also keeps every
//! multiplication and squaring free of data-dependent branches.
//!
//! Squaring computes each off-diagonal product once (55·111 + 110² products). A general
//! product splits a·b once, Karatsuba-style (a0·b0, a1·b1, (a0 + a1)·(b0 + b1): 3 × 55² column
//! sums, exact without carries since 29-bit sums keep a column < 2^64), then reduces
//! ([`redc`]). The column loops index through raw pointers: at `opt-level = "z"` each
//! sub-slice `&x[lo..]` is an out-of-line call with a bounds check (see README "what was tried").
//!
//! # Exponentiation
//! - Base g = 2 with a 129..=260-bit exponent (A = g^a for our 256-bit a, g^x, a server's
//!   g^b) or a 513..=1025-bit one (the reference's 1024-bit a, as the test vectors use):
//!   fixed-base combs over 2 × 1.5 KB of stored powers of g ([`pow_two_comb`]): 52 (resp. 205)
//!   squarings and as many multiplications. Each comb's 16-entry table of products of those
//!   powers (11 multiplications) is built on first use and kept ([`comb_table`]).
//! - Base g = 2 otherwise: left-to-right square-and-double. Doubling
//!   is a shift plus a conditional subtraction of 2N, selected with a mask, so the cost is one
//!   squaring per exponent bit plus ~1% and the exponent's bits only steer masked selections.
//! - Any other base (S = (B − k·v)^(a + u·x)): fixed 5-bit windows over a 32-entry table,
//!   every table read scans all 32 entries with masks (constant-time lookup), one
//!   multiplication per window even when the window is zero. S's exponent a + u·x is
//!   treated as 520 bits long (`math::S_EXPONENT_BITS`: 104 windows) whatever its actual
//!   length, so S takes the same steps for every password. A sliding window would save ~1/6
//!   of the multiplications (~4% of the total) but its sequence of squarings and
//!   multiplications spells out the secret exponent's bits; see README "what was tried".
//!
//! # Constant time
//! No path branches on secret data or reads memory at secret-dependent addresses: every
//! secret choice is a mask ([`super::ct`]: laundered through an optimisation barrier so that
//! LLVM cannot turn it back into a `select`, which wasm engines may compile to a branch).
//! The steps that touch secrets ([`select`], [`table_lookup`], [`double_mod`],
//! [`reduce_once`], [`from_mont`], [`window_step`], [`comb_step`], [`pow_two_step`], and
//! the products they call) are never inlined by LLVM, and the three step functions are each called from two
//! places (the first step is taken before the loop) so that wasm-opt's inlining of
//! functions with a single caller leaves them whole too. `scripts/check-wasm-ct.mjs` finds
//! them by name in the built wasm and checks that they contain no `select` and no branch on
//! secret data.
//!
//! What stays visible: the path and the number of steps, which follow the larger of the
//! caller's stated exponent length and the actual one: every a, b and x (stated 256 bits)
//! takes the 52-column comb, every S (stated 520 bits) 104 windows; only an exponent longer
//! than stated (the vectors' 1024-bit a) shows its own length class.
//! Bases enter Montgomery form as one product with R² (any base below 2^3080); B from the
//! server, of any length, is reduced by [`mod_n_hex`] (Horner's rule with Montgomery
//! products, no division). The other secret-handling step outside the exponentiation,
//! [`mul_add_sub`] (a + u·x, and B − k·v), is a straight-line limb loop, checked by the
//! script too.

use std::sync::OnceLock;

use zeroize::Zeroizing;

use super::ct;
use super::group::N_HEX;
use super::uint::{self, Uint};

/// Bits per limb.
pub(super) const W: u32 = 28;
/// Limbs per number: 110 × 28 = 3080 bits ≥ 3072 + 2 (R > 4N).
pub(super) const L: usize = 110;
pub(super) const MASK: u64 = (1 << W) - 1;
/// log2 of R.
const R_BITS: usize = W as usize * L;
/// Fixed window width for general bases.
const WINDOW: usize = 5;
const TABLE: usize = 1 << WINDOW;

pub(super) type Limbs = [u64; L];

/// Rows of the fixed-base combs for g = 2 (row 0 is handled by doubling).
const COMB_ROWS: usize = 5;
/// Columns of the long comb (exponents of 513..=1025 bits: Cognito's `a`).
const COMB_COLS: usize = 205;
/// Columns of the short comb (exponents of 129..=260 bits: x, a server's b).
const COMB_COLS_SHORT: usize = 52;

const fn hex_digit(c: u8) -> u64 {
    match c {
        b'0'..=b'9' => (c - b'0') as u64,
        b'a'..=b'f' => (c - b'a' + 10) as u64,
        b'A'..=b'F' => (c - b'A' + 10) as u64,
        _ => panic!("N_HEX is hex"),
    }
}

/// N in 28-bit limbs, built at compile time from the same hex the rest of the crate uses.
pub(super) const N: Limbs = {
    let hex = N_HEX.as_bytes();
    let mut limbs = [0u64; L];
    let mut bit = 0;
    while bit < hex.len() * 4 {
        let nibble = hex_digit(hex[hex.len() - 1 - bit / 4]);
        limbs[bit / W as usize] |= ((nibble >> (bit % 4)) & 1) << (bit % W as usize);
        bit += 1;
    }
    limbs
};

/// −N⁻¹ mod 2^28 (Newton iteration); 1 for this N, so the compiler folds it away.
const N0_INV: u64 = {
    let n0 = N[0];
    let mut inv: u64 = 1;
    let mut i = 0;
    while i < 5 {
        inv = inv.wrapping_mul(2u64.wrapping_sub(n0.wrapping_mul(inv))) & MASK;
        i += 1;
    }
    (1u64 << W).wrapping_sub(inv) & MASK
};

/// 2N, used by the doubling step (values live in [0, 2N)).
const TWO_N: Limbs = doubled(&N);

const _: () = assert!(N0_INV == 1 && N[0] == MASK && N[L - 1] == (1 << 20) - 1);

/// N with its limbs reversed: `N_REV[L − 1 − t] = N[t]`, so every column of a product is a
/// dot product of two slices read forwards.
const N_REV: Limbs = reversed(&N);

/// `x` with its limbs reversed (`out[K − 1 − t] = x[t]`), so a column of a product is a
/// forward dot product.
const fn reversed<const K: usize>(x: &[u64; K]) -> [u64; K] {
    let mut out = [0u64; K];
    let mut i = 0;
    while i < K {
        out[K - 1 - i] = x[i];
        i += 1;
    }
    out
}

/// `2·x` limb by limb, carried; for x < 2^3079 (every use: N, and values below 4N) nothing
/// carries out of the top limb.
const fn doubled(x: &Limbs) -> Limbs {
    let mut out = [0u64; L];
    let mut carry = 0;
    let mut i = 0;
    while i < L {
        let v = (x[i] << 1) + carry;
        out[i] = v & MASK;
        carry = v >> W;
        i += 1;
    }
    out
}

/// `s + Σ_{j<len} x[j]·y[j]`, unrolled by four.
/// The column bound (≤ 221 products < 2^56) means nothing wraps; wrapping operations only
/// spare debug builds the overflow checks, which cost more than the arithmetic on wasm32.
///
/// Raw pointers rather than sub-slices: at `opt-level = "z"` every `&x[lo..]` is an out-of-line
/// call with its own bounds check, ~30 cycles per column, a fifth of a product's time.
///
/// # Safety
/// `x` and `y` must be valid for `len` reads.
#[inline(always)]
unsafe fn dot(mut s: u64, x: *const u64, y: *const u64, len: usize) -> u64 {
    let mut j = 0;
    while j + 4 <= len {
        s = s
            .wrapping_add((*x.add(j)).wrapping_mul(*y.add(j)))
            .wrapping_add((*x.add(j + 1)).wrapping_mul(*y.add(j + 1)))
            .wrapping_add((*x.add(j + 2)).wrapping_mul(*y.add(j + 2)))
            .wrapping_add((*x.add(j + 3)).wrapping_mul(*y.add(j + 3)));
        j += 4;
    }
    while j < len {
        s = s.wrapping_add((*x.add(j)).wrapping_mul(*y.add(j)));
        j += 1;
    }
    s
}

/// Half the limbs: the Karatsuba split point (110 = 2 × 55).
const H: usize = L / 2;
/// Columns of a product of two halves.
const HC: usize = 2 * H - 1;

/// Column sums of a half-size product: `out[k] = Σ_j x[j]·y[k − j]` (not carried), with `y`
/// given reversed (`y_rev[H − 1 − t] = y[t]`) so that each column is a forward dot product.
/// Limbs of up to 29 bits (the Karatsuba sums) keep every column < 55 · 2^58 < 2^64.
#[inline(never)]
fn half_product(x: &[u64; H], y_rev: &[u64; H], out: &mut [u64; HC]) {
    let (x, y_rev) = (x.as_ptr(), y_rev.as_ptr());
    for (k, column) in out.iter_mut().enumerate() {
        // SAFETY: (H − 1 − k) + (k + 1) = H for k < H; lo + (H − lo) = H after.
        *column = unsafe {
            if k < H {
                dot(0, x, y_rev.add(H - 1 - k), k + 1)
            } else {
                let lo = k + 1 - H;
                dot(0, x.add(lo), y_rev, H - lo)
            }
        };
    }
}

/// The full column sums t[k] = Σ a[j]·b[k − j] from the three Karatsuba products
/// z0 = a0·b0, z2 = a1·b1 and p = (a0 + a1)·(b0 + b1): z1 = p − z0 − z2 column by column
/// (exact: its columns are the cross sums, ≥ 0). Every t[k] < 110 · 2^56.
#[inline(always)]
fn karatsuba_columns(z0: &[u64; HC], z2: &[u64; HC], p: &[u64; HC]) -> [u64; 2 * L] {
    let mut t = [0u64; 2 * L];
    for k in 0..HC {
        t[k] = t[k].wrapping_add(z0[k]);
        t[k + H] = t[k + H].wrapping_add(p[k].wrapping_sub(z0[k]).wrapping_sub(z2[k]));
        t[k + L] = t[k + L].wrapping_add(z2[k]);
    }
    t
}

/// Two neighbouring columns at once: `(s0 + Σ_{j<len} x[j]·y[j + 1], s1 + Σ_{j<len} x[j]·y[j])`.
/// Each x[j] and y[j] is loaded once for two products.
///
/// # Safety
/// `x` must be valid for `len` reads and `y` for `len + 1`.
#[inline(always)]
unsafe fn dot_pair(mut s0: u64, mut s1: u64, x: *const u64, y: *const u64, len: usize) -> (u64, u64) {
    let mut j = 0;
    let mut cur = *y;
    while j + 2 <= len {
        let (x0, x1) = (*x.add(j), *x.add(j + 1));
        let (y1, y2) = (*y.add(j + 1), *y.add(j + 2));
        s0 = s0.wrapping_add(x0.wrapping_mul(y1)).wrapping_add(x1.wrapping_mul(y2));
        s1 = s1.wrapping_add(x0.wrapping_mul(cur)).wrapping_add(x1.wrapping_mul(y1));
        cur = y2;
        j += 2;
    }
    if j < len {
        let x0 = *x.add(j);
        s0 = s0.wrapping_add(x0.wrapping_mul(*y.add(j + 1)));
        s1 = s1.wrapping_add(x0.wrapping_mul(cur));
    }
    (s0, s1)
}

/// Montgomery reduction of the column sums t of a product a·b with a, b < 2N (t[k] < 110 · 2^56,
/// so with the ≤ 110 products of m·N and the carry a column stays < 2^64): (t + m·N)/R < 2N.
/// Columns go in pairs ([`dot_pair`]); N0_INV = 1, so each digit is the column's low 28 bits.
#[inline(never)]
fn redc(t: &[u64; 2 * L]) -> Limbs {
    let mut m = [0u64; L];
    let mut out = [0u64; L];
    let mut acc: u64 = 0;
    let (mp, n_rev) = (m.as_mut_ptr(), N_REV.as_ptr());
    // SAFETY: dot_pair reads m[..i] and N_REV[L − 2 − i ..= L − 2] (phase 1), m[c + 2 ..] and
    // N_REV[..= L − c − 2] (phase 2): all inside the L-limb arrays. m is written only
    // through mp, between the reads.
    unsafe {
        // Columns i, i + 1 < L: t + Σ_{j<i} m[j]·N[col − j]; then m[i], and m[i]·N[1] for i + 1.
        let mut i = 0;
        while i < L {
            let (s0, s1) = dot_pair(acc.wrapping_add(t[i]), t[i + 1], mp, n_rev.add(L - 2 - i), i);
            let d0 = s0 & MASK;
            *mp.add(i) = d0;
            let s1 = s1.wrapping_add(s0.wrapping_add(d0.wrapping_mul(N[0])) >> W).wrapping_add(d0.wrapping_mul(N[1]));
            let d1 = s1 & MASK;
            *mp.add(i + 1) = d1;
            acc = s1.wrapping_add(d1.wrapping_mul(N[0])) >> W;
            i += 2;
        }
        // Columns L + c, L + c + 1: t + Σ_{j>c} m[j]·N[L + c − j].
        let mut c = 0;
        while c + 1 < L - 1 {
            let (s0, s1) = dot_pair(acc.wrapping_add(t[L + c]), t[L + c + 1], mp.add(c + 2), n_rev, L - c - 2);
            let s0 = s0.wrapping_add((*mp.add(c + 1)).wrapping_mul(N[L - 1]));
            out[c] = s0 & MASK;
            let s1 = s1.wrapping_add(s0 >> W);
            out[c + 1] = s1 & MASK;
            acc = s1 >> W;
            c += 2;
        }
        // The last column, L + L − 2: m[L − 1]·N[L − 1].
        let s = acc.wrapping_add(t[2 * L - 2]).wrapping_add((*mp.add(L - 1)).wrapping_mul(N[L - 1]));
        out[L - 2] = s & MASK;
        out[L - 1] = s >> W;
    }
    out
}

/// `(a0, a1, a0 + a1)` limb by limb, for a = a0 + a1·2^(28·55); the sums have ≤ 29 bits.
fn halves(a: &Limbs) -> ([u64; H], [u64; H], [u64; H]) {
    let mut lo = [0u64; H];
    let mut hi = [0u64; H];
    let mut sum = [0u64; H];
    for i in 0..H {
        lo[i] = a[i];
        hi[i] = a[H + i];
        sum[i] = a[i] + a[H + i];
    }
    (lo, hi, sum)
}

/// `a·b·R⁻¹ mod N` for a, b < 2N; the result is < 2N. One level of Karatsuba for a·b
/// (3 × 55² = 9075 instead of 110² = 12100 products), then the reduction's 110² products.
/// (Squaring gains nothing from it: its 55·111 products already halve a·a; see README.)
#[inline(never)]
fn mont_mul(a: &Limbs, b: &Limbs) -> Limbs {
    let (a0, a1, sa) = halves(a);
    let (b0, b1, sb) = halves(b);
    let (mut z0, mut z2, mut p) = ([0u64; HC], [0u64; HC], [0u64; HC]);
    half_product(&a0, &reversed(&b0), &mut z0);
    half_product(&a1, &reversed(&b1), &mut z2);
    half_product(&sa, &reversed(&sb), &mut p);
    redc(&karatsuba_columns(&z0, &z2, &p))
}

/// `a²·R⁻¹ mod N` for a < 2N; the result is < 2N. The square's column sums (off-diagonal
/// products computed once and doubled: each column < 110 · 2^56 as for a product), then [`redc`].
#[inline(never)]
fn mont_sqr(a: &Limbs) -> Limbs {
    let a_rev = reversed(a);
    let mut t = [0u64; 2 * L];
    let (ap, a_rev) = (a.as_ptr(), a_rev.as_ptr());
    // Columns k (even) and k + 1 together. Column k's cross terms are j ∈ [max(0, k + 1 − L), k/2),
    // column k + 1's j ∈ [max(0, k + 2 − L), k/2 + 1): the common range goes through dot_pair,
    // the rest are the extra terms below.
    for k in (0..2 * L - 2).step_by(2) {
        let lo = (k + 2).saturating_sub(L);
        // SAFETY: a + lo is read for k/2 − lo < L − lo limbs; a_rev + (L − 2 + lo − k) ≥ 0 is
        // read up to index L − 2 − k/2 < L.
        let (mut c0, mut c1) = unsafe { dot_pair(0, 0, ap.add(lo), a_rev.add(L - 2 + lo - k), (k / 2).saturating_sub(lo)) };
        if k + 1 >= L {
            c0 = c0.wrapping_add(a[k + 1 - L].wrapping_mul(a[L - 1]));
        }
        c1 = c1.wrapping_add(a[k / 2].wrapping_mul(a[k / 2 + 1]));
        t[k] = (c0 << 1).wrapping_add(a[k / 2].wrapping_mul(a[k / 2]));
        t[k + 1] = c1 << 1;
    }
    t[2 * L - 2] = a[L - 1].wrapping_mul(a[L - 1]);
    redc(&t)
}

/// R mod N (Montgomery form of 1): 2^3072 − N, doubled 8 times modulo N, at compile time.
const MONT_ONE: Limbs = {
    let mut x = [0u64; L];
    x[3072 / W as usize] = 1 << (3072 % W as usize);
    x = const_sub(&x, &N).0;
    let mut round = 0;
    while round < R_BITS - 3072 {
        x = doubled(&x);
        let (diff, borrow) = const_sub(&x, &N);
        if borrow == 0 {
            x = diff;
        }
        round += 1;
    }
    x
};

/// `(a − b mod 2^3080, borrow)`.
const fn const_sub(a: &Limbs, b: &Limbs) -> (Limbs, u64) {
    let mut out = [0u64; L];
    let mut borrow = 0u64;
    let mut i = 0;
    while i < L {
        let v = a[i].wrapping_sub(b[i]).wrapping_sub(borrow);
        out[i] = v & MASK;
        borrow = v >> 63;
        i += 1;
    }
    (out, borrow)
}

/// `2·a` modulo N (into [0, 2N)) for a < 2N, without branches on `a`.
#[inline(never)]
fn double_mod(a: &Limbs) -> Limbs {
    // 2a < 4N < 2^3080: no carry out. Subtract 2N and keep the difference unless it borrowed.
    let twice = doubled(a);
    let (diff, borrow) = const_sub(&twice, &TWO_N);
    // borrow == 1 → 2a < 2N → keep 2a.
    select(borrow, &twice, &diff)
}

/// `if flag == 1 { a } else { b }` through a mask the compiler cannot see through
/// ([`ct::mask_from_bit`]; flag is 0 or 1). Never inlined: `scripts/check-wasm-ct.mjs`
/// finds it by name in the wasm.
#[inline(never)]
fn select(flag: u64, a: &Limbs, b: &Limbs) -> Limbs {
    let mask = ct::mask_from_bit(flag);
    let mut out = [0u64; L];
    for i in 0..L {
        out[i] = ct::pick(mask, a[i], b[i]);
    }
    out
}

/// Reads `table[index]` by touching every entry with a mask, so neither the memory
/// addresses read nor the instructions run depend on the (secret) index.
#[inline(never)]
fn table_lookup<const K: usize>(table: &[Limbs; K], index: usize) -> Limbs {
    let mut out = [0u64; L];
    for (k, entry) in table.iter().enumerate() {
        let mask = ct::mask_if_equal(k, index);
        for i in 0..L {
            out[i] |= entry[i] & mask;
        }
    }
    out
}

/// Subtracts N unless that borrows, through a mask: a value < 2N goes to [0, N).
#[inline(never)]
fn reduce_once(a: &Limbs) -> Limbs {
    let (diff, borrow) = const_sub(a, &N);
    select(borrow, a, &diff)
}

/// Limbs from 32-bit words, least significant first (the stored constants' format).
const fn from_words<const K: usize>(words: &[u32; K]) -> Limbs {
    let mut limbs = [0u64; L];
    let mut bit = 0;
    while bit < K * 32 {
        limbs[bit / W as usize] |= ((words[bit / 32] as u64 >> (bit % 32)) & 1) << (bit % W as usize);
        bit += 1;
    }
    limbs
}

/// R² mod N (fully reduced; checked against num-bigint in the tests).
const R_SQUARED: Limbs = from_words(&R_SQUARED_WORDS);

/// x·R mod N (< 2N) for any x < R: (x·R² + m·N)/R < x·N/R + N < 2N.
fn to_mont(x: &Limbs) -> Limbs {
    mont_mul(x, &R_SQUARED)
}

/// Out of Montgomery form and fully reduced into [0, N), for x < 3N.
#[inline(never)]
fn from_mont(x: &Limbs) -> Limbs {
    let mut one = [0u64; L];
    one[0] = 1;
    // (x·1 + m·N)/R < (3N + R·N)/R < N + 1, so one conditional subtraction suffices.
    reduce_once(&mont_mul(x, &one))
}

/// `x mod N` for any x < 2^3080, without division: two Montgomery products.
pub(super) fn mod_n(x: &Uint) -> Uint {
    Uint(from_mont(&to_mont(&x.0)))
}

/// `a·b mod N` for any a, b < 2^3080: (a·R)·b/R = a·b, which is < 3N (to_mont's product is
/// < 2N, b < R), then two masked subtractions.
pub(super) fn mul_mod(a: &Uint, b: &Uint) -> Uint {
    Uint(reduce_once(&reduce_once(&mont_mul(&to_mont(&a.0), &b.0))))
}

/// `(a − b) mod N` for a, b < N: a + N·1 − b is in (0, 2N), then one masked subtraction.
pub(super) fn sub_mod(a: &Uint, b: &Uint) -> Uint {
    Uint(reduce_once(&mul_add_sub(&a.0, &N, &ONE, &b.0)))
}

/// `a + u·x` when a < 2^3079 and u·x < 2^3079 by their lengths (so the sum fits 3080 bits),
/// else `None`. The lengths are seen (as the exponent's is in [`mod_pow`]); the limbs are not.
pub(super) fn mul_add(a: &Uint, u: &Uint, x: &Uint) -> Option<Uint> {
    if a.bits() >= R_BITS || u.bits() + x.bits() >= R_BITS {
        return None;
    }
    Some(Uint(mul_add_sub(&a.0, &u.0, &x.0, &[0; L])))
}

/// 1, as limbs.
const ONE: Limbs = {
    let mut one = [0u64; L];
    one[0] = 1;
    one
};

/// `a + u·x − c` for limbs whose result the caller knows to be in [0, 2^3080): a + u·x (S's
/// exponent), B + N·1 − k·v (S's base) and Horner's chunk + acc·1 in [`mod_n_hex`]: one
/// routine for the three (and three call sites keep it a function of its own in the wasm,
/// where the check finds it). The limb products below 2^3080 go by columns (each < 110·2^56,
/// plus a − c and the carry, inside an i64), carried as they go; no branch on the values.
/// (Plain indexing, not [`reversed`] and [`dot`]: a third caller of `reversed` keeps
/// wasm-opt from inlining it, and it then merges the two sizes into one unnamed function.)
#[inline(never)]
fn mul_add_sub(a: &Limbs, u: &Limbs, x: &Limbs, c: &Limbs) -> Limbs {
    let mut out = [0u64; L];
    let mut carry = 0u64;
    for k in 0..L {
        let mut column = a[k].wrapping_sub(c[k]).wrapping_add(carry);
        // A `while` loop: `0..=k`'s iterator keeps its state in memory at opt-level "z",
        // where the check cannot tell it from limb data.
        let mut j = 0;
        while j <= k {
            column = column.wrapping_add(u[j].wrapping_mul(x[k - j]));
            j += 1;
        }
        out[k] = column & MASK;
        carry = ((column as i64) >> W) as u64;
    }
    out
}

/// `hex mod N` for a hex integer of any length (B from the server may be ≥ N): Horner's
/// rule over chunks of 109 limbs (763 digits, < 2^3052 < N): per chunk, acc·2^3052 mod N
/// ([`mul_mod`]) plus the chunk, and one masked subtraction. A value of up to 763 digits is
/// used as it is.
pub(super) fn mod_n_hex(hex: &str) -> Uint {
    const CHUNK: usize = (L - 1) * uint::DIGITS;
    let digits = hex.trim_start_matches('0');
    let first = digits.len() % CHUNK;
    let first = if first == 0 { CHUNK.min(digits.len()) } else { first };
    let mut acc = Uint::from_hex(&digits[..first]).expect("a chunk fits");
    let mut shift = Uint::small(0);
    shift.0[L - 1] = 1;
    for start in (first..digits.len()).step_by(CHUNK) {
        let chunk = Uint::from_hex(&digits[start..start + CHUNK]).expect("a chunk fits");
        acc = Uint(reduce_once(&mul_add_sub(&chunk.0, &mul_mod(&acc, &shift).0, &ONE, &[0; L])));
    }
    acc
}

fn exponent_bit(exp: &Limbs, i: usize) -> u64 {
    (exp[i / W as usize] >> (i % W as usize)) & 1
}

/// Bits `WINDOW·w .. WINDOW·(w + 1)` of the exponent, shifts and masks only.
fn window_digit(exp: &Limbs, w: usize) -> usize {
    (0..WINDOW).rev().fold(0, |digit, b| (digit << 1) | exponent_bit(exp, w * WINDOW + b) as usize)
}

/// `g^exp mod N` (g = 2), doing the work of an exponent of `min_bits` bits when `exp` is
/// shorter: the path taken and the number of steps follow `max(min_bits, exp.bits())`, not
/// the secret's leading zeros.
pub(super) fn pow_g(exp: &Uint, min_bits: usize) -> Uint {
    let bits = exp.bits().max(min_bits);
    // A comb always walks all its columns: for shorter exponents the plain ladder is cheaper.
    if bits > 128 && bits <= COMB_ROWS * COMB_COLS_SHORT {
        static SHORT: OnceLock<Box<CombTable>> = OnceLock::new();
        return pow_two_comb(&exp.0, COMB_COLS_SHORT, SHORT.get_or_init(|| comb_table(&COMB_POWERS_SHORT)));
    }
    if bits > 512 && bits <= COMB_ROWS * COMB_COLS {
        static LONG: OnceLock<Box<CombTable>> = OnceLock::new();
        return pow_two_comb(&exp.0, COMB_COLS, LONG.get_or_init(|| comb_table(&COMB_POWERS)));
    }
    pow_two(&exp.0, bits)
}

/// `base^exp mod N` for any base below 2^3080, with [`pow_g`]'s rule for the exponent's
/// length: fixed 5-bit windows.
pub(super) fn mod_pow(base: &Uint, exp: &Uint, min_bits: usize) -> Uint {
    let bits = exp.bits().max(min_bits);
    let windows = bits.div_ceil(WINDOW).max(1);
    // table[k] = base^k in Montgomery form; even entries by squaring (15 squarings, 15
    // products). The base derives from the password (B − k·g^x): wiped on drop.
    let mut table = Zeroizing::new([[0u64; L]; TABLE]);
    table[0] = MONT_ONE;
    table[1] = to_mont(&base.0);
    for k in 2..TABLE {
        table[k] = if k % 2 == 0 { mont_sqr(&table[k / 2]) } else { mont_mul(&table[k - 1], &table[1]) };
    }
    // The top window outside the loop: see "Constant time" above for why (its five
    // squarings of 1 cost under 1%).
    let mut acc = Zeroizing::new(window_step(&MONT_ONE, &table, window_digit(&exp.0, windows - 1)));
    for w in (0..windows - 1).rev() {
        *acc = window_step(&acc, &table, window_digit(&exp.0, w));
    }
    Uint(from_mont(&acc))
}

/// One window of the general-base exponentiation: `acc^32 · table[digit]`. Every digit,
/// zero included, costs the same five squarings, one full table scan and one multiplication.
#[inline(never)]
fn window_step(acc: &Limbs, table: &[Limbs; TABLE], digit: usize) -> Limbs {
    let mut acc = mont_sqr(acc);
    for _ in 1..WINDOW {
        acc = mont_sqr(&acc);
    }
    mont_mul(&acc, &table_lookup(table, digit))
}

/// `2^exp mod N` by square-and-double over the exponent's `bits` bits (exponents the combs
/// do not cover: up to 128 bits, 261..=512, above 1025).
fn pow_two(exp: &Limbs, bits: usize) -> Uint {
    if bits == 0 {
        return Uint::small(1);
    }
    let mut acc = Zeroizing::new(pow_two_step(&MONT_ONE, exponent_bit(exp, bits - 1)));
    for i in (0..bits - 1).rev() {
        *acc = pow_two_step(&acc, exponent_bit(exp, i));
    }
    Uint(from_mont(&acc))
}

/// `acc²`, doubled when `bit` is 1: a squaring, a doubling and a masked selection either way.
#[inline(never)]
fn pow_two_step(acc: &Limbs, bit: u64) -> Limbs {
    let square = mont_sqr(acc);
    select(bit, &double_mod(&square), &square)
}

/// Entries of the comb's table: the products of the stored powers P_1..P_4.
const COMB_TABLE: usize = 1 << (COMB_ROWS - 1);

/// A comb's table: the 16 products of its stored powers P_1..P_4, in Montgomery form.
type CombTable = [Limbs; COMB_TABLE];

/// The products of the stored powers P_1..P_4 (11 multiplications), built on a comb's first
/// use and kept (14 KB each): they are public constants (powers of g).
fn comb_table(powers: &[[u32; 96]; COMB_ROWS - 1]) -> Box<CombTable> {
    let mut table = Box::new([[0u64; L]; COMB_TABLE]);
    table[0] = MONT_ONE;
    for (j, words) in powers.iter().enumerate() {
        let power = from_words(words);
        table[1 << j] = power;
        for k in 1..(1 << j) {
            table[(1 << j) + k] = mont_mul(&table[k], &power);
        }
    }
    table
}

/// `2^exp mod N` for exponents of up to 5·`cols` bits: a fixed-base comb (Lim–Lee, one
/// block). The exponent is cut into 5 rows of `cols` bits; column c multiplies in
/// Π_r P_r^bit(cols·r + c) where P_r = 2^(2^(cols·r)). Row 0's factor is 2, i.e. a masked
/// doubling; rows 1–4 come from the 16-entry [`comb_table`] of the products of P_1..P_4. For
/// our 256-bit `a` and for x (cols = 52): 52 squarings and 52 multiplications instead of 256
/// squarings (~1.5×); for the reference's 1024-bit `a` (cols = 205, the test vectors): 205 +
/// 205 instead of 1024 (~2×). Every column does the same work ([`comb_step`]), whatever its bits.
fn pow_two_comb(exp: &Limbs, cols: usize, table: &CombTable) -> Uint {
    // Bit r of a column's digit is row r's bit in that column.
    let digit = |c: usize| (0..COMB_ROWS).fold(0, |digit, r| digit | (exponent_bit(exp, r * cols + c) as usize) << r);
    let mut acc = Zeroizing::new(comb_step(&MONT_ONE, table, digit(cols - 1)));
    for c in (0..cols - 1).rev() {
        *acc = comb_step(&acc, table, digit(c));
    }
    Uint(from_mont(&acc))
}

/// One comb column: `acc²`, doubled when the digit's bit 0 is set, times the table entry
/// for its bits 1..4. (The first column squares 1: one squaring more, the same work for
/// every column.)
#[inline(never)]
fn comb_step(acc: &Limbs, table: &[Limbs; COMB_TABLE], digit: usize) -> Limbs {
    let square = mont_sqr(acc);
    let acc = select((digit & 1) as u64, &double_mod(&square), &square);
    mont_mul(&acc, &table_lookup(table, digit >> 1))
}

/// R² mod N as 32-bit words, least significant first.
const R_SQUARED_WORDS: [u32; 96] = [
    0x41cd5ac8, 0xca9138d2, 0x0d2819ff, 0xf4b083e5, 0x1ddf3fd0, 0x976a2119, 0x93da3ed8, 0xb14912e7,
    0xf0ebbdcb, 0x5144cc46, 0xffba249f, 0x99f33f10, 0x65362a12, 0x6a25d770, 0xfe0098d2, 0x128ba795,
    0xbb0d6548, 0x196d690e, 0x9ace850c, 0x59b4187d, 0x412ccca0, 0xdb46bacf, 0x75dcfe24, 0x500cc687,
    0x22f12f20, 0xaf068a68, 0x94a90b4d, 0xe1b40140, 0x6a7d3a6d, 0xb108113c, 0x5486975c, 0x8bbfcfa3,
    0x46f27b25, 0xbb228769, 0x5592c909, 0xeb12b844, 0x22f0a2e3, 0x96339f11, 0xbf036baf, 0xfe0b02d8,
    0x57ecbfe6, 0x69e92fb1, 0x794d1a08, 0xa0b88d0a, 0xf1de2dec, 0x723337f3, 0x6311226f, 0x0c25d3e4,
    0xb3992da8, 0x4a05f08b, 0x9afcc799, 0xbf3f4259, 0xceabfc1a, 0xd6f63672, 0x1c270abf, 0x814a4463,
    0x55308157, 0x51c40455, 0xa3aa1aac, 0xb713ccb5, 0x9b8b106c, 0xd171b091, 0xbb11f2d8, 0x9f5c681e,
    0x4e534389, 0x4d63be02, 0x04231229, 0x9badff44, 0x60adc439, 0x71a8d15c, 0x67307865, 0xab65a36e,
    0x2a32f22b, 0xa5279666, 0xdb5d049d, 0x1942713f, 0xcaceb1bd, 0x4fc45f6d, 0x58b05114, 0x400731ef,
    0x8cdc5b2a, 0xa5b5d2a4, 0x1656607d, 0x8bb1a7ef, 0x8bfb2664, 0x443f0996, 0x509ab77e, 0xbfcb06c6,
    0x5a73a77a, 0x81405dee, 0x8ff778b6, 0x6f41d81c, 0x14775ccb, 0x3da46344, 0x35da5840, 0xb4fb51df,
];

/// The comb's stored powers `P_r·R mod N = 2^(2^(205·r))·2^3080 mod N` for r = 1..4, as 32-bit
/// words, least significant first (1.5 KB; checked against num-bigint in the tests).
const COMB_POWERS: [[u32; 96]; 4] = [
    [
        0x283bfaab, 0xc60497c1, 0x416674cc, 0x4569e2d7, 0xbdf4fd3b, 0x627e4d1a, 0x807f919c, 0x9363fc7c,
        0x0c0fcc81, 0x0dc49410, 0xac528c09, 0x004396a1, 0x5903a213, 0xafe1ea1f, 0x6a65b38e, 0x7ebd624e,
        0x9297a8f0, 0x9f2282e8, 0x33671cca, 0xd5df0569, 0xd944101f, 0xfbf353f8, 0xd3a640bd, 0x74209d17,
        0x63f13b4c, 0x3adc0bd6, 0x6e9c7290, 0x1d250394, 0x8dfaf1f3, 0x16440211, 0xbbc743a5, 0x7d38dbcc,
        0x5e554249, 0x45384ab7, 0x75c7ae67, 0x1150fc56, 0xf047ea2e, 0x791623c9, 0xca122957, 0xe2b2334b,
        0xd42930df, 0x9df3fa36, 0x4fcae69a, 0x061c50e0, 0xd1ad7c29, 0xc0c74135, 0x13bb2058, 0x5c7d468e,
        0x34be6b18, 0x3f95fe71, 0x599fadbc, 0x21080981, 0x12acab2f, 0x6dd74909, 0xd970be6e, 0xfa2cf59d,
        0x7a973bcc, 0x20098c6b, 0xb18bdf63, 0xfc65a92b, 0xd2d8139c, 0x3fd72bf4, 0x6ec5803b, 0xf57910e1,
        0xb7c5effa, 0xa795eed9, 0x4106ce2e, 0xfe5e025b, 0x0ea32725, 0x60fc95ae, 0x2e0b15e5, 0xd958ee05,
        0xaff38b9d, 0x6a2250c7, 0xdba7790d, 0x5352473b, 0x25e0443c, 0x87dab4cd, 0x7baf4c34, 0x5b3501e5,
        0x106f3fe8, 0x2f007d68, 0x2c5fbbdc, 0x29889d00, 0x8b212c34, 0xed8a3a71, 0x8a7eddbc, 0x9e39e610,
        0xe8707246, 0xc6686ef5, 0xcfc9f830, 0x6d6d57cc, 0x733073e8, 0x1b3e8f44, 0x1218c61b, 0x1f097ce4,
    ],
    [
        0x032219ec, 0xfca66ee6, 0xe85bd88d, 0xb212e23b, 0x6c308394, 0xd08b46ea, 0x83854e14, 0x188d7852,
        0xc9585dd7, 0x59743285, 0xdc7a3347, 0xec329434, 0x2bd403ce, 0x4823c71b, 0xf5df3316, 0x67efe350,
        0x7ae007ef, 0x357fe900, 0x648fb0ee, 0xc4ddcab7, 0xdf29cc64, 0x526a54f1, 0x9affbcea, 0x27a3851e,
        0x740dc8c3, 0x62cae675, 0x59b3b101, 0x3d55c06b, 0x466b7303, 0x28f29593, 0xf9f2e3c0, 0xe17b73e9,
        0x39e03fe7, 0x1e4b5463, 0x4446e136, 0xafea210b, 0x5a492730, 0x4ed0dd1d, 0x4f01353d, 0x61d67704,
        0xfb99e400, 0x99617cc3, 0xcd65fe98, 0xd5a99731, 0x62166573, 0xa5027d0c, 0xcd213f35, 0x909026df,
        0x3977fa6c, 0xbf694c9f, 0x6fd2c216, 0x2a7fbae5, 0xe2f876fd, 0x9edd8898, 0xe8ac3851, 0x60a54d46,
        0xf4ff715f, 0x74442b9b, 0x7de90fca, 0x311d6dd0, 0x6feb97d3, 0xac0350ac, 0x24b42baa, 0xb9c4ba4d,
        0x88a05a8e, 0xbdcae059, 0x7bbeb980, 0x52ddbd69, 0x2f44e441, 0xb6553787, 0xd22c5698, 0xe2a8a8a3,
        0x2d9168ca, 0xadf32c6b, 0x698d2b82, 0xbde8c3c6, 0x0aeb957e, 0xbe3e0a53, 0x366e87ce, 0x21a5637e,
        0x6422a600, 0xc5deeb64, 0x53028762, 0x2ab512f0, 0xac942fb0, 0xb35d9419, 0xaa84cdcb, 0x53e28daa,
        0x979332b1, 0x9b7672c9, 0x93fb8cdb, 0x724ad350, 0x61ac5134, 0x8aae0554, 0x594b12a3, 0x856bf74e,
    ],
    [
        0xd34fa469, 0xcf8acad4, 0xe79208c5, 0x4c1757a5, 0x6218e6fd, 0xeda5d11a, 0x3559c37a, 0xd8c2af58,
        0x6802802c, 0x636a4d04, 0xf0412eba, 0x8b8421a2, 0xe62cb7e8, 0x1e9b6376, 0xc8cf32ba, 0xca68fc4b,
        0xb50c9edb, 0x4c716013, 0xa4eb6c8d, 0x3d46de44, 0x64cf9f72, 0x6c903243, 0xc5908e69, 0x4ad59a21,
        0xbcab448e, 0x70af83ac, 0xd24fb98d, 0x1715459e, 0x0332c75c, 0x860f256e, 0xe7ff8ba9, 0x0708d4b3,
        0xcf801eb4, 0xd85cb0ef, 0x9d1c1eb9, 0x78911fa5, 0x8924735a, 0x54c98c84, 0x79d58205, 0x52fdce51,
        0x94892d09, 0xb3fc81ff, 0x44b73f3e, 0x3234aca7, 0xd943db0a, 0xd66c8294, 0x599f0201, 0x89414579,
        0x7d9abb9a, 0x835cfdb2, 0x0dc07684, 0x19058dd4, 0x7cd7b7e7, 0x3fcbf2bd, 0x5b609792, 0x3bc367df,
        0x3c0fa27f, 0xc04176f0, 0x00361888, 0xa0c2fda2, 0x46e5f929, 0x0db5c782, 0xf0643e15, 0x4e39600d,
        0x8d986c45, 0x831408da, 0x09cb6431, 0x31720451, 0x1befe109, 0x7b12e1d4, 0x0ac159fb, 0xf8104dc0,
        0xf4215084, 0xc100e070, 0xb8dfe189, 0x5589be30, 0xdf42c835, 0x612ff256, 0x43e4f886, 0x5a83585f,
        0x85164cc1, 0x1fb60cb0, 0x10777388, 0x0e4df5e9, 0x9a1c5ab1, 0x27f9fb62, 0xafb3334f, 0x9e60ad0e,
        0x794f3d80, 0x234d1bfb, 0x04b2d4df, 0xf4cc133e, 0xa6248194, 0x453e7e31, 0x4e6f450f, 0x1645ae59,
    ],
    [
        0xc701684f, 0x98558429, 0x61ebd73e, 0x0ff2b337, 0xf05b270e, 0x90d44548, 0x4cdf407c, 0xee67d0bd,
        0x208b6e86, 0x3778795a, 0x1344589a, 0x0d2e72db, 0xf9586436, 0x0ecc1e8d, 0x0a4e9238, 0x87773d4b,
        0x17c3ad7c, 0xf12ffb04, 0x6c9c3fd3, 0xd1fa9c96, 0x30059db5, 0x5a52f680, 0xcbd6013b, 0x6a373940,
        0x3da23b15, 0x656f28a6, 0x519102a9, 0x1d1ca39b, 0xe68db3a5, 0x6358ed2a, 0x1066fbdc, 0xa7d72084,
        0x0d23d6e4, 0x89755f60, 0x516b1444, 0x5ab9d15c, 0x602cbdb5, 0x24305ede, 0x9f241ff6, 0x3759f1b7,
        0x8b5c3fe2, 0xeeb82544, 0x3d5f95c6, 0x1a6e268c, 0xd97ad79e, 0x73ebfdf0, 0x976fe884, 0x76007b72,
        0x112fdbfc, 0x5ea0dc56, 0x33b5506b, 0xb0c622dd, 0x07032a89, 0x1a161945, 0xa50ce931, 0x4213ea27,
        0x3459d375, 0x676b122d, 0x8d54feda, 0xd7a4a8fe, 0x451cc307, 0x5e9c0847, 0x095d5cdc, 0x430e9f4b,
        0xbd2d142f, 0x2c257fe0, 0xa7ddbe85, 0x5a69341f, 0x6d420880, 0x48c03bbe, 0x38a476e5, 0xad2aa7b1,
        0x6062c6a5, 0x570de201, 0x6dec131c, 0x679043f4, 0xbafda3e7, 0x37a69304, 0x522d3a16, 0xc280b605,
        0xddba4894, 0xa7d59ed8, 0x7c26572e, 0xac63b529, 0x841f926d, 0xbd52780a, 0x18ad73c8, 0xc84c7c8c,
        0x58b53baf, 0x5cafd591, 0x0e51cf08, 0x142b1eb8, 0x1b92b8e9, 0x13eaf354, 0x2c5435fe, 0xc661216c,
    ],
];

/// The short comb's stored powers `2^(2^(52·r))·R mod N` for r = 1..4 (exponents of 129..=260
/// bits: x, the emulator's b), in the same format.
const COMB_POWERS_SHORT: [[u32; 96]; 4] = [
    [
        0x878dba0e, 0xd9a5bce1, 0xa894d894, 0x240f22b8, 0x4669e944, 0xd0e4bb8f, 0x53f297ce, 0xaeb4b0a5,
        0x393ce925, 0xe081d8ed, 0x88e292c5, 0x46a166ba, 0xaffb8825, 0xf4958a74, 0x780d1414, 0x7d022e40,
        0xb32e066c, 0x15761525, 0x70fffaa1, 0xa6b9e3cb, 0x8942dc0b, 0x086285c4, 0x80e5ac4d, 0x9c92d15f,
        0xbe48b07c, 0x0f54367e, 0xb5bebef3, 0x7830c29a, 0x20566dde, 0x6980b2f5, 0x813a7611, 0xf789c467,
        0xc938a37a, 0x6d7aa2ca, 0xde88102f, 0x2b8f36eb, 0x5e2132bb, 0xacc24013, 0x607208c7, 0x56f26430,
        0x8ccf8676, 0x48142ace, 0xb7204c30, 0xe65ee5e2, 0xe37ef687, 0x9a462394, 0x83b93afe, 0x29586719,
        0x0d37c91e, 0xab44d3d6, 0x91c42096, 0x31ccad9b, 0x0532a7ab, 0x72dc88f8, 0x479825d4, 0xe55a356b,
        0x2539dcc8, 0xb3e3039b, 0x03d988f1, 0x964955b4, 0x923152d0, 0x2cd0df4a, 0xacf95c90, 0x7373523b,
        0x8edd6313, 0x754b46fe, 0x9f979048, 0xe3e2ed19, 0x2c332f00, 0x200e122a, 0xccef53e4, 0xfb367de4,
        0x24debc62, 0xbb1f3764, 0x956b777b, 0xbbb8948e, 0xc2126bd0, 0xafa3c53b, 0x6d877b87, 0x0689432c,
        0x33d2a58a, 0x4525808c, 0x9171bd3b, 0x6361a1a0, 0x2634098d, 0xde6868e6, 0x32652101, 0xb934c332,
        0x40150e7a, 0x0d3da85d, 0x07be04fb, 0x398ceb47, 0xbbf12a92, 0xfa80c33e, 0x796dd970, 0x58d430f9,
    ],
    [
        0xa995c096, 0x9a074520, 0x38279260, 0xe779a822, 0xcfc6dbc5, 0xf595fc49, 0xcef7a663, 0x2a14a9a7,
        0xf6f83350, 0x38b10de5, 0x965b02c1, 0xb90aef12, 0xd6422fb6, 0xf11a4490, 0x5bb80f01, 0x9c976f99,
        0xbb80d35d, 0x881a09bd, 0x1d031840, 0x25db2bf2, 0x68fc9a9f, 0xa0d108bf, 0xdd6bcefe, 0x5fca8491,
        0xfccb7cf8, 0xd6c356e3, 0x040f8c65, 0xe8a8b64f, 0x1752c002, 0xbf847b37, 0x4c16cc3c, 0xd32719b2,
        0x722526d8, 0x982f4a39, 0x7aee043f, 0x50b1b011, 0x573c61ca, 0x47938bc0, 0xd750ce6a, 0xaab9580d,
        0x0207e134, 0x1f261edb, 0x24326d2f, 0x045ec3bd, 0xc2da2139, 0x07b2019a, 0xe8e200f4, 0xd8c52e3d,
        0xa3cafae9, 0xf68438c1, 0xb9d37bcb, 0x9ff0f255, 0x435951e8, 0x736da679, 0x16340915, 0xbee90cb7,
        0x4ae59402, 0xd755d4c0, 0x00e5fd17, 0x0e87c58a, 0xcf634ae7, 0x2279745a, 0x2783f84a, 0xabc87fac,
        0xae5bde9a, 0x787458d7, 0x1351acc0, 0xb3a750c5, 0x5d6a3a25, 0x0295678c, 0x96a3ab60, 0xdfef3ed1,
        0x4d9449f6, 0xc7f7d5ed, 0xc09d3951, 0x9d01ee27, 0x2f7dcc25, 0xe56a7bb8, 0xcd46b8ee, 0x981add1b,
        0xeffa590e, 0x1e4f08f2, 0xa4cd1853, 0xb1a4948c, 0x486771d7, 0xb5c77c9e, 0x79679989, 0x27b9a998,
        0xb876a7c0, 0x3f0af752, 0x60fb7e1e, 0x324f18de, 0xe1ae2df5, 0x66e1627f, 0xb37501b4, 0x1e68c455,
    ],
    [
        0x9e4909ef, 0xeb6cf464, 0xdcb9f7bd, 0xfc1d78da, 0x515c0aeb, 0x8376feb3, 0xe390805d, 0x482502bd,
        0xd92b574e, 0xa951e8a6, 0xe0daf1e5, 0x8285d8b0, 0x28cf1307, 0x85274bc1, 0x98629580, 0xadebb9ef,
        0x3002f6a8, 0xca0b5ad9, 0x173f01cb, 0xec070fbd, 0xcc9257a8, 0x9d4b9f06, 0x2c74e6dc, 0x6113b1ad,
        0x424fa374, 0xf7b2209f, 0x73f34e2c, 0x8d00c662, 0xf80fc084, 0x99c46ced, 0x2f7803fc, 0xa2cd3a3d,
        0x5e351c99, 0x41e0629b, 0xcf202e3e, 0x6d5cc363, 0x9430d64d, 0x8876ffe9, 0x8e89caff, 0x5975656d,
        0x81dc7c4b, 0x6bf9891a, 0xb44be25b, 0x48949083, 0x04a978e7, 0x929da198, 0xf112cba9, 0xa9e023f2,
        0x4fde20bb, 0xbd6051bd, 0x8af7f650, 0x99858bd3, 0x5c5d49da, 0x4e008492, 0x1c2bdc93, 0x7f796fba,
        0xd3a34760, 0xb1574707, 0x819f1778, 0xeb5f7a7d, 0xf8c5b91c, 0x65e19c03, 0xd34cd178, 0x572a7ab8,
        0x1df02a1c, 0xde3e317d, 0x0d3a444d, 0x79bcedc9, 0x260986ba, 0x2027c612, 0xbf94df0a, 0x9c21997c,
        0xb99aa056, 0x8bd7c9fc, 0x9a6d2381, 0xc347e017, 0x98811fd2, 0xd083beae, 0xe9110038, 0x79a32327,
        0x280eccc5, 0x85f53681, 0xd762bf10, 0x186c1b58, 0x4ad14e92, 0x0b494770, 0xa0550b4c, 0x6c152eb5,
        0x25786aaf, 0x7f1b1a9e, 0xafd7898d, 0x6460c3fd, 0x9f54976f, 0xa6a99608, 0x9556f156, 0x4bccfb47,
    ],
    [
        0x8cd4111b, 0xb8e290ba, 0xe8f57982, 0xeace6dcf, 0xd2c9ff33, 0xa1243143, 0xe09670fc, 0xb2af7321,
        0x1f595e8a, 0x818d2695, 0xb496505b, 0xb81504e4, 0x851318f7, 0x9b922d0e, 0xf20f1177, 0x3ec4ac49,
        0x8993ae58, 0xdcb19990, 0x00abe1bc, 0x41648316, 0x8e2f3541, 0x01d649ad, 0xf5806506, 0x40a38fe9,
        0xa6f7fe73, 0xc965aaf9, 0x16abc908, 0xab06f4bc, 0x943df346, 0xe78214c8, 0x97dd2b30, 0x057f04f0,
        0x529641e4, 0x3e9e02cb, 0x82021202, 0x11c14478, 0x5840df7c, 0x8b98806f, 0x5966b943, 0xd1041952,
        0x6908b1ef, 0x42fefd6b, 0x950f6260, 0x498e7f70, 0xcb6a6efa, 0x3bd3dbe8, 0x172a0f8d, 0x0484ea23,
        0xb9d83337, 0x0f93e826, 0x1c21a9d8, 0x54dffd59, 0x345ab7e8, 0x8fb8885b, 0x5c99425f, 0xb7f6c11b,
        0xe651ccf9, 0xf4457328, 0x2c8d417e, 0x80a8d1a8, 0x94241e20, 0x2b5e4c4e, 0x5d7f764b, 0x8167ced0,
        0xfbb81e19, 0xf9bd1ac3, 0x06be6a46, 0x0943cb79, 0x1e2d35f6, 0x34492a3b, 0x0fbe05b7, 0x03dda1e3,
        0x23b7f7fc, 0x7a43f4f8, 0x2520ac49, 0xc9559193, 0x0ada1583, 0x05699a1b, 0x160ddcf6, 0x8af49eda,
        0x537d5952, 0x28c2a13e, 0xa8f84f49, 0xa19c0c0a, 0xa103abc5, 0x663b2aba, 0xcdcdd70b, 0xa7a7e23b,
        0x2defbd99, 0x725c6baa, 0x9310cd9d, 0x27757d11, 0x05aecb52, 0x81238e8e, 0xf231382a, 0xa58ec430,
    ],
];

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigUint;

    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// xorshift64*: deterministic test data without a dependency.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn biguint(&mut self, bits: usize) -> BigUint {
            let words: Vec<u32> = (0..bits.div_ceil(32)).map(|_| self.next() as u32).collect();
            let x = BigUint::new(words);
            if bits % 32 == 0 { x } else { x % (BigUint::from(1u32) << bits) }
        }
    }

    fn n() -> &'static BigUint {
        static BIG_N: OnceLock<BigUint> = OnceLock::new();
        BIG_N.get_or_init(|| BigUint::parse_bytes(N_HEX.as_bytes(), 16).unwrap())
    }

    fn to_biguint(limbs: &Limbs) -> BigUint {
        BigUint::parse_bytes(Uint(*limbs).to_hex().as_bytes(), 16).unwrap()
    }

    fn from_biguint(x: &BigUint) -> Limbs {
        Uint::from_hex(&x.to_str_radix(16)).unwrap().0
    }

    fn uint(x: &BigUint) -> Uint {
        Uint(from_biguint(x))
    }

    /// `base^exp mod N` through [`pow_g`] for base 2 (and, natively, through [`mod_pow`]
    /// too: both must agree), else through [`mod_pow`]; bases longer than 3080 bits are
    /// reduced with num-bigint first ([`mod_n_hex`] has its own test).
    fn pow(base: &BigUint, exp: &BigUint, min_bits: usize) -> BigUint {
        let base = if base.bits() > R_BITS as u64 { base % n() } else { base.clone() };
        let general = || to_biguint(&mod_pow(&uint(&base), &uint(exp), min_bits).0);
        if base == BigUint::from(2u32) {
            let fixed = to_biguint(&pow_g(&uint(exp), min_bits).0);
            if !cfg!(target_arch = "wasm32") {
                assert_eq!(general(), fixed, "2^{exp:x} by windows and by pow_g");
            }
            return fixed;
        }
        general()
    }

    fn check(base: &BigUint, exp: &BigUint) {
        let want = base.modpow(exp, n());
        assert_eq!(pow(base, exp, 0), want, "base {base:x}, exp {exp:x}");
    }

    #[test]
    fn constants() {
        assert_eq!(to_biguint(&N), *n());
        assert_eq!(to_biguint(&TWO_N), n() * 2u32);
    }

    #[test]
    fn stored_constants() {
        let r = BigUint::from(1u32) << R_BITS;
        assert_eq!(to_biguint(&MONT_ONE), &r % n());
        assert_eq!(to_biguint(&R_SQUARED), (&r * &r) % n());
        for (cols, powers) in [(COMB_COLS, &COMB_POWERS), (COMB_COLS_SHORT, &COMB_POWERS_SHORT)] {
            for (i, words) in powers.iter().enumerate() {
                let p = BigUint::from(2u32).modpow(&(BigUint::from(1u32) << (cols * (i + 1))), n());
                assert_eq!(to_biguint(&from_words(words)), (p * &r) % n(), "powers[{i}] for {cols} columns");
            }
        }
    }

    #[test]
    fn comb_boundaries() {
        let two = BigUint::from(2u32);
        let one = BigUint::from(1u32);
        // Around every switch between the ladder and the combs (128/129, 260/261, 512/513, 1025/1026).
        for bits in [127, 128, 129, 200, 256, 259, 260, 261, 262, 511, 512, 513, 820, 1023, 1024, 1025, 1026] {
            check(&two, &((&one << bits) - 1u32)); // all ones
            check(&two, &(&one << (bits - 1))); // a single bit
            check(&two, &((&one << (bits - 1)) + 1u32));
        }
    }

    #[test]
    fn stated_exponent_lengths_do_not_change_results() {
        let mut rng = Rng(11);
        let two = BigUint::from(2u32);
        let base = rng.biguint(3000);
        // Debug wasm (Node, Chromium) runs a smaller set: a browser test must finish within ~20 s.
        let wasm = cfg!(target_arch = "wasm32");
        let exp_sizes: &[usize] = if wasm { &[0, 5, 256, 300] } else { &[0, 1, 5, 100, 128, 255, 256, 300, 512, 513, 1024] };
        let min_sizes: &[usize] = if wasm { &[256, 520] } else { &[256, 520, 1025] };
        for &bits in exp_sizes {
            let exp = rng.biguint(bits);
            for &min_bits in min_sizes {
                assert_eq!(pow(&two, &exp, min_bits), two.modpow(&exp, n()), "2^{exp:x}, {min_bits} bits");
                if bits % 2 == 0 {
                    assert_eq!(pow(&base, &exp, min_bits), base.modpow(&exp, n()), "{exp:x}, {min_bits} bits");
                }
            }
        }
    }

    #[test]
    fn limb_conversions_round_trip() {
        let mut rng = Rng(7);
        for bits in [0, 1, 27, 28, 29, 64, 1000, 3071, 3072, 3079, 3080] {
            // (Uint's hex conversions, through which these helpers go, have tests of their own.)
            let x = rng.biguint(bits);
            assert_eq!(to_biguint(&from_biguint(&x)), x);
        }
    }

    #[test]
    fn edge_cases() {
        let nm1 = n() - 1u32;
        let two = BigUint::from(2u32);
        let values = [BigUint::from(0u32), BigUint::from(1u32), two.clone(), BigUint::from(3u32), nm1.clone(), n().clone(), n() + 1u32, n() + 2u32, n() * 2u32 + 2u32, n() * 5u32 - 1u32];
        let small_exps = [0u32, 1, 2, 31, 32, 33].map(BigUint::from);
        for base in &values {
            for exp in &small_exps {
                check(base, exp);
            }
        }
        // Exponents of N's size (slow in debug wasm: fewer bases there).
        let bases = if cfg!(target_arch = "wasm32") { &values[3..6] } else { &values[..] };
        for base in bases {
            for exp in [nm1.clone(), n() - 2u32, n().clone()] {
                check(base, &exp);
            }
        }
    }

    #[test]
    fn random_bases_and_exponents() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        // Debug wasm (Node, Chromium) runs a smaller set: a browser test must finish within ~20 s.
        let wasm = cfg!(target_arch = "wasm32");
        let exp_sizes: &[usize] = if wasm { &[1, 5, 256, 1024] } else { &[1, 2, 5, 6, 63, 64, 65, 255, 256, 1024, 1025, 3072, 3079, 3080] };
        let base_sizes: &[usize] = if wasm { &[1, 3072, 6200] } else { &[1, 2, 64, 1024, 3071, 3072, 3073, 4000, 6200] };
        for &eb in exp_sizes {
            for &bb in base_sizes {
                let (base, exp) = (rng.biguint(bb), rng.biguint(eb));
                check(&base, &exp);
                check(&BigUint::from(2u32), &exp);
            }
        }
    }

    #[test]
    fn bases_near_n_and_dense_exponents() {
        let mut rng = Rng(42);
        // All-ones limbs stress the column bounds.
        let all_ones = (BigUint::from(1u32) << 3072) - 1u32;
        let rounds = if cfg!(target_arch = "wasm32") { 2 } else { 12 };
        for _ in 0..rounds {
            let small = rng.biguint(64);
            check(&(n() - 1u32 - &small), &all_ones);
            check(&(n() - 1u32 - &small), &rng.biguint(1024));
            check(&BigUint::from(2u32), &((BigUint::from(1u32) << 1024) - 1u32 - small));
        }
    }

    #[test]
    fn mont_mul_agrees_with_num_bigint() {
        let mut rng = Rng(3);
        let r_inv = (BigUint::from(1u32) << R_BITS).modpow(&(n() - 2u32), n());
        for _ in 0..20 {
            // Inputs anywhere in [0, 2N), as the almost-reduced chain produces them.
            let (a, b) = (rng.biguint(3073) % (n() * 2u32), rng.biguint(3073) % (n() * 2u32));
            let want = (&a * &b * &r_inv) % n();
            let prod = to_biguint(&mont_mul(&from_biguint(&a), &from_biguint(&b)));
            assert!(prod < n() * 2u32);
            assert_eq!(&prod % n(), want);
            let sq = to_biguint(&mont_sqr(&from_biguint(&a)));
            assert!(sq < n() * 2u32);
            assert_eq!(sq % n(), (&a * &a * &r_inv) % n());
        }
    }

    #[test]
    fn modular_helpers_agree_with_num_bigint() {
        let mut rng = Rng(5);
        let top = (BigUint::from(1u32) << R_BITS) - 1u32;
        let rounds = if cfg!(target_arch = "wasm32") { 3 } else { 20 };
        let mut values: Vec<BigUint> = vec![BigUint::from(0u32), BigUint::from(1u32), n() - 1u32, n().clone(), n() + 1u32, n() * 2u32, top.clone()];
        values.extend((0..rounds).map(|_| rng.biguint(3080)));
        for (i, a) in values.iter().enumerate() {
            let b = &values[(i * 7 + 3) % values.len()];
            assert_eq!(to_biguint(&mod_n(&uint(a)).0), a % n(), "{a:x} mod N");
            assert_eq!(to_biguint(&mul_mod(&uint(a), &uint(b)).0), (a * b) % n(), "{a:x}·{b:x}");
            let (ar, br) = (a % n(), b % n());
            assert_eq!(to_biguint(&sub_mod(&uint(&ar), &uint(&br)).0), (&ar + n() - &br) % n(), "{ar:x} − {br:x}");
        }
        // a + u·x: the protocol's sizes, the largest that fit, and the first that do not.
        for (a_bits, u_bits, x_bits) in [(256, 256, 256), (1024, 256, 256), (0, 256, 256), (3000, 40, 40), (3079, 1539, 1540), (100, 1600, 1600), (3080, 0, 0)] {
            let (a, u, x) = (rng.biguint(a_bits) | (BigUint::from(a_bits.min(1) as u32) << a_bits.saturating_sub(1)), rng.biguint(u_bits), rng.biguint(x_bits));
            let got = mul_add(&uint(&a), &uint(&u), &uint(&x));
            if a.bits() < R_BITS as u64 && u.bits() + x.bits() < R_BITS as u64 {
                assert_eq!(to_biguint(&got.expect("fits").0), &a + &u * &x, "{a_bits} + {u_bits}·{x_bits} bits");
            } else {
                assert!(got.is_none(), "{a_bits} + {u_bits}·{x_bits} bits");
            }
        }
        // The largest sum allowed: just below 2^3080.
        let half = (BigUint::from(1u32) << 3079) - 1u32;
        let (u, x) = ((BigUint::from(1u32) << 1539) - 1u32, (BigUint::from(1u32) << 1540) - 1u32);
        assert_eq!(to_biguint(&mul_add(&uint(&half), &uint(&u), &uint(&x)).unwrap().0), &half + &u * &x);
        assert!(mul_add(&uint(&top), &Uint::small(0), &Uint::small(0)).is_none());
    }

    #[test]
    fn hex_of_any_length_reduced_mod_n() {
        let mut rng = Rng(9);
        for digits in [0, 1, 7, 762, 763, 764, 768, 770, 771, 1526, 1527, 1600, 2048] {
            let random = rng.biguint(digits * 4).to_str_radix(16);
            for hex in [random, "f".repeat(digits), format!("00{}", "F".repeat(digits))] {
                let want = BigUint::parse_bytes(format!("0{hex}").as_bytes(), 16).unwrap() % n();
                assert_eq!(to_biguint(&mod_n_hex(&hex).0), want, "{} digits", hex.len());
            }
        }
        for k in [1u32, 2, 3, 255, 256, 257] {
            assert!(mod_n_hex(&(n() * k).to_str_radix(16)).is_zero(), "{k}·N");
        }
    }
}
