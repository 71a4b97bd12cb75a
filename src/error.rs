//! Typed errors shared by the core. Each error has a stable `code` (also used as the
//! JavaScript `name`/`code`) and a message that never contains secret material.

use thiserror::Error as ThisError;

/// Every failure the core can report.
#[derive(Clone, PartialEq, Eq, ThisError)]
pub enum Error {
    /// `A mod N == 0` (same message as the reference SDK, typo included).
    #[error("Illegal paramater. A mod N cannot be 0.")]
    IllegalA,
    /// The server's `SRP_B` is `0 mod N`.
    #[error("B cannot be zero.")]
    IllegalB,
    /// `u = H(A|B)` came out as zero.
    #[error("U cannot be zero.")]
    IllegalU,
    /// A parameter that must be hexadecimal is not (the parameter name, never its value).
    #[error("{0} is not a valid hexadecimal string.")]
    InvalidHex(&'static str),
    /// A required parameter is empty.
    #[error("{0} is required.")]
    Missing(&'static str),
    /// A parameter is longer than the core accepts (protects against huge inputs).
    #[error("{0} is too long.")]
    TooLong(&'static str),
    /// The platform random source failed.
    #[error("Native crypto module could not be used to get secure random number.")]
    Random,
}

impl Error {
    /// The error's code: the JavaScript `code` and `name` of the error object.
    pub fn code(&self) -> &'static str {
        match self {
            Error::IllegalA | Error::IllegalB | Error::IllegalU => "SrpParameterError",
            Error::InvalidHex(_) | Error::Missing(_) | Error::TooLong(_) => "InvalidParameterException",
            Error::Random => "RandomSourceError",
        }
    }
}

/// Result alias for the core.
/// By hand, not derived: a derived `Debug` quotes its `&str` field through `str`'s `Debug`,
/// which links core's escaping and Unicode tables (~3 KB) into the flows module, where an
/// `expect` on a `Result<_, Error>` reaches it. The field is a static name, never a secret.
impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (variant, field) = match self {
            Error::IllegalA => ("IllegalA", None),
            Error::IllegalB => ("IllegalB", None),
            Error::IllegalU => ("IllegalU", None),
            Error::InvalidHex(what) => ("InvalidHex", Some(*what)),
            Error::Missing(what) => ("Missing", Some(*what)),
            Error::TooLong(what) => ("TooLong", Some(*what)),
            Error::Random => ("Random", None),
        };
        f.write_str(variant)?;
        if let Some(what) = field {
            f.write_str("(")?;
            f.write_str(what)?;
            f.write_str(")")?;
        }
        Ok(())
    }
}

pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_match_the_reference() {
        assert_eq!(Error::IllegalA.to_string(), "Illegal paramater. A mod N cannot be 0.");
        assert_eq!(Error::IllegalB.to_string(), "B cannot be zero.");
        assert_eq!(Error::IllegalU.to_string(), "U cannot be zero.");
        assert_eq!(Error::InvalidHex("SRP_B").to_string(), "SRP_B is not a valid hexadecimal string.");
        assert_eq!(Error::Missing("SALT").code(), "InvalidParameterException");
    }

    #[test]
    fn debug_names_the_variant_and_its_field() {
        assert_eq!(format!("{:?}", Error::IllegalB), "IllegalB");
        assert_eq!(format!("{:?}", Error::TooLong("pool name")), "TooLong(pool name)");
    }
}
