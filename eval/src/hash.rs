//! Digests and the hash encodings Nix uses: MD5, SHA-1, SHA-256 and
//! SHA-512; base16, "nix32" (Nix's own base-32, little-endian, alphabet
//! without `e o u t`), base64 and SRI (`algo-base64`). Store paths and the
//! hashing builtins both rest on this.

use crate::errors::{ErrorKind, HashError};
use crate::value::NixString;
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Algo {
    Md5,
    Sha1,
    Sha256,
    Sha512,
}

impl Algo {
    pub(crate) fn parse(name: &[u8]) -> Result<Algo, ErrorKind> {
        Ok(match name {
            b"md5" => Algo::Md5,
            b"sha1" => Algo::Sha1,
            b"sha256" => Algo::Sha256,
            b"sha512" => Algo::Sha512,
            _ => {
                return Err(ErrorKind::Hash(HashError::UnknownAlgorithm(
                    NixString::from(name).to_string(),
                )))
            }
        })
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Algo::Md5 => "md5",
            Algo::Sha1 => "sha1",
            Algo::Sha256 => "sha256",
            Algo::Sha512 => "sha512",
        }
    }

    pub(crate) fn size(self) -> usize {
        match self {
            Algo::Md5 => 16,
            Algo::Sha1 => 20,
            Algo::Sha256 => 32,
            Algo::Sha512 => 64,
        }
    }

    pub(crate) fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Algo::Md5 => Md5::digest(data).to_vec(),
            Algo::Sha1 => Sha1::digest(data).to_vec(),
            Algo::Sha256 => Sha256::digest(data).to_vec(),
            Algo::Sha512 => Sha512::digest(data).to_vec(),
        }
    }
}

const NIX32: &[u8; 32] = b"0123456789abcdfghijklmnpqrsvwxyz";
const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

const BASE16: &[u8; 16] = b"0123456789abcdef";

/// Lowercase hexadecimal, two digits per byte.
pub(crate) fn base16(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(BASE16[usize::from(b >> 4)] as char);
        out.push(BASE16[usize::from(b & 0x0f)] as char);
    }
    out
}

fn nix32_len(size: usize) -> usize {
    (size * 8).div_ceil(5)
}

/// Nix's base-32: the last character holds the lowest 5 bits.
pub(crate) fn nix32(bytes: &[u8]) -> String {
    let len = nix32_len(bytes.len());
    let mut out = String::with_capacity(len);
    for n in (0..len).rev() {
        let bit = n * 5;
        let (i, j) = (bit / 8, bit % 8);
        let low = (bytes[i] as u32) >> j;
        let high = bytes.get(i + 1).map_or(0, |&b| (b as u32) << (8 - j));
        out.push(NIX32[((low | high) & 0x1f) as usize] as char);
    }
    out
}

fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (k, &b)| acc | (b as u32) << (16 - 8 * k));
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(BASE64[((n >> (18 - 6 * k)) & 0x3f) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn decode_base16(s: &[u8]) -> Option<Vec<u8>> {
    let digit = |c: u8| (c as char).to_digit(16);
    s.chunks(2)
        .map(|p| Some((digit(p[0])? * 16 + digit(p[1])?) as u8))
        .collect()
}

fn decode_nix32(s: &[u8], size: usize) -> Option<Vec<u8>> {
    let mut out = vec![0u8; size];
    for (n, &c) in s.iter().rev().enumerate() {
        let digit = NIX32.iter().position(|&d| d == c)? as u32;
        let bit = n * 5;
        let (i, j) = (bit / 8, bit % 8);
        out[i] |= (digit << j) as u8;
        let carry = (digit << j) >> 8;
        if i + 1 < size {
            out[i + 1] |= carry as u8;
        } else if carry != 0 {
            return None;
        }
    }
    Some(out)
}

fn decode_base64(s: &[u8]) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    for chunk in s.chunks(4) {
        let mut n = 0u32;
        let mut padding = 0;
        for &c in chunk {
            let v = if c == b'=' {
                padding += 1;
                0
            } else if padding > 0 {
                return None;
            } else {
                BASE64.iter().position(|&d| d == c)? as u32
            };
            n = n << 6 | v;
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - padding.min(2)]);
    }
    Some(out)
}

/// Parses a hash in any encoding: `algo:body`, SRI `algo-base64`, or a
/// bare body when the algorithm is given separately.
pub(crate) fn parse_hash(s: &[u8], algo: Option<Algo>) -> Result<(Algo, Vec<u8>), ErrorKind> {
    let bad = || ErrorKind::Hash(HashError::Invalid(NixString::from(s).to_string()));
    let prefixed = if let Some(colon) = s.iter().position(|&c| c == b':') {
        Some((Algo::parse(&s[..colon])?, &s[colon + 1..], false))
    } else if let Some(dash) = s.iter().position(|&c| c == b'-') {
        Some((Algo::parse(&s[..dash])?, &s[dash + 1..], true))
    } else {
        None
    };
    let (algo, body, sri) = if let Some((parsed, body, sri)) = prefixed {
        // The algorithm given separately must agree with the prefix.
        match algo {
            Some(given) if given != parsed => {
                return Err(ErrorKind::Hash(HashError::WrongAlgorithm {
                    hash: NixString::from(s).to_string(),
                    expected: given.name(),
                }))
            }
            _ => (parsed, body, sri),
        }
    } else {
        let algo = algo.ok_or_else(|| {
            ErrorKind::Hash(HashError::MissingAlgorithm(NixString::from(s).to_string()))
        })?;
        (algo, s, false)
    };
    let size = algo.size();
    let bytes = if sri {
        decode_base64(body)
    } else if body.len() == size * 2 {
        decode_base16(body)
    } else if body.len() == nix32_len(size) {
        decode_nix32(body, size)
    } else if body.len() == size.div_ceil(3) * 4 {
        decode_base64(body)
    } else {
        None
    };
    match bytes {
        Some(b) if b.len() == size => Ok((algo, b)),
        _ => Err(bad()),
    }
}

pub(crate) fn format_hash(algo: Algo, bytes: &[u8], format: &[u8]) -> Result<String, ErrorKind> {
    Ok(match format {
        b"base16" => base16(bytes),
        b"nix32" | b"base32" => nix32(bytes),
        b"base64" => base64(bytes),
        b"sri" => format!("{}-{}", algo.name(), base64(bytes)),
        other => {
            return Err(ErrorKind::Hash(HashError::UnknownFormat(
                NixString::from(other).to_string(),
            )))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_round_trip() {
        let digest = Algo::Sha256.digest(b"");
        assert_eq!(
            nix32(&digest),
            "0mdqa9w1p6cmli6976v4wi0sw9r4p5prkj7lzfd1877wk11c9c73"
        );
        assert_eq!(
            base64(&digest),
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
        assert_eq!(
            base16(&digest),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            decode_base16(base16(&digest).as_bytes()),
            Some(digest.clone())
        );
        assert_eq!(
            decode_nix32(nix32(&digest).as_bytes(), 32),
            Some(digest.clone())
        );
        assert_eq!(
            decode_base64(base64(&digest).as_bytes()),
            Some(digest.clone())
        );
        let md5 = Algo::Md5.digest(b"abc");
        assert_eq!(decode_base64(base64(&md5).as_bytes()), Some(md5.clone()));
        assert_eq!(decode_nix32(nix32(&md5).as_bytes(), 16), Some(md5));
    }
}
