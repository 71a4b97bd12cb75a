//! The SRP group: RFC 3526's 3072-bit MODP prime, generator 2, and
//! `k = H(padHex(N) || padHex(g))`.

use std::sync::OnceLock;

use super::pad_hex::pad_hex;
use super::uint::Uint;
use crate::crypto::hex_hash;

/// N as the reference spells it (uppercase hex of RFC 3526 group 15).
pub const N_HEX: &str = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74",
    "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437",
    "4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05",
    "98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB",
    "9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718",
    "3995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33",
    "A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864",
    "D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2",
    "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);

/// The prime modulus N (built at compile time from [`N_HEX`]).
pub static N: Uint = Uint(super::montgomery::N);

/// The generator g = 2.
pub const G: u32 = 2;

/// The multiplier k = H(padHex(N) || padHex(g)).
pub fn multiplier() -> &'static Uint {
    static K: OnceLock<Uint> = OnceLock::new();
    K.get_or_init(|| {
        let digest = hex_hash(&format!("{}{}", pad_hex(&N), pad_hex(&Uint::small(G)))).expect("padHex output is hex");
        Uint::from_hex(&digest).expect("a digest fits")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn k_matches_the_reference() {
        assert_eq!(multiplier().to_hex(), "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6");
        assert_eq!(N.bits(), 3072);
        assert_eq!(N.to_hex(), N_HEX.to_lowercase());
    }
}
