//! The demo's only sources of chance: a seeded random stream and deterministic ids, so the same
//! options give the same rows on every run, engine and version.

use uuid::Uuid;

/// SplitMix64: tiny, fast and stable across versions, so the demo stays the same forever.
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64) -> Self {
        Self(seed)
    }
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    pub(super) fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Deterministic UUID v7s: a fixed clock that ticks one millisecond per id.
pub(super) struct Ids {
    rng: Rng,
    millis: u64,
}

impl Ids {
    /// Ids drawn from `rng`, the first one millisecond after `millis`.
    pub(super) fn new(rng: Rng, millis: u64) -> Self {
        Self { rng, millis }
    }
    pub(super) fn next(&mut self) -> Uuid {
        self.millis += 1;
        let mut random = [0u8; 10];
        random[..8].copy_from_slice(&self.rng.next().to_be_bytes());
        random[8..].copy_from_slice(&self.rng.next().to_be_bytes()[..2]);
        uuid::Builder::from_unix_timestamp_millis(self.millis, &random).into_uuid()
    }
}
