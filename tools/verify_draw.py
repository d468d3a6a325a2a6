#!/usr/bin/env python3
"""Re-run a LawQuiz prize draw (algorithm lawquiz-draw-v1) independently of
the app, with Python's standard library only.

    python3 tools/verify_draw.py "种子短语" 5 1001 1002 1003 ...

prints the eligible list's SHA-256 and the winners in draw order. The
algorithm (also in src-tauri/core/lottery.rs):
  seed  = SHA-256(phrase, UTF-8)
  rng   = ChaCha20 (20 rounds, 64-bit block counter from 0, stream 0),
          key = seed; u64 = word[i] | word[i+1] << 32 (little-endian words)
  list  = eligible 工号 sorted by bytes, deduplicated; hash = SHA-256 of
          each 工号 followed by "\\n"
  pick  = repeat: v = next u64 until v < 2^64 - (2^64 mod n); index = v mod n;
          the person at index wins and leaves the list.
"""
import hashlib
import struct
import sys

MASK = 0xFFFFFFFF


def rotl(v, c):
    return ((v << c) & MASK) | (v >> (32 - c))


def quarter(s, a, b, c, d):
    s[a] = (s[a] + s[b]) & MASK; s[d] = rotl(s[d] ^ s[a], 16)
    s[c] = (s[c] + s[d]) & MASK; s[b] = rotl(s[b] ^ s[c], 12)
    s[a] = (s[a] + s[b]) & MASK; s[d] = rotl(s[d] ^ s[a], 8)
    s[c] = (s[c] + s[d]) & MASK; s[b] = rotl(s[b] ^ s[c], 7)


def block(key_words, counter):
    state = [0x61707865, 0x3320646E, 0x79622D32, 0x6B206574, *key_words,
             counter & MASK, counter >> 32, 0, 0]
    s = state[:]
    for _ in range(10):
        quarter(s, 0, 4, 8, 12); quarter(s, 1, 5, 9, 13); quarter(s, 2, 6, 10, 14); quarter(s, 3, 7, 11, 15)
        quarter(s, 0, 5, 10, 15); quarter(s, 1, 6, 11, 12); quarter(s, 2, 7, 8, 13); quarter(s, 3, 4, 9, 14)
    return [(x + y) & MASK for x, y in zip(s, state)]


class ChaCha20:
    def __init__(self, seed):
        self.key = list(struct.unpack("<8I", seed))
        self.counter = 0
        self.words = []

    def next_u32(self):
        if not self.words:
            self.words = block(self.key, self.counter)
            self.counter += 1
        return self.words.pop(0)

    def next_u64(self):
        lo = self.next_u32()
        return lo | (self.next_u32() << 32)


def sorted_list(staff_nos):
    people = sorted(set(staff_nos), key=lambda s: s.encode("utf-8"))
    h = hashlib.sha256()
    for s in people:
        h.update(s.encode("utf-8") + b"\n")
    return people, h.hexdigest()


def draw(phrase, people, k):
    rng = ChaCha20(hashlib.sha256(phrase.encode("utf-8")).digest())
    left, winners = list(people), []
    while len(winners) < k and left:
        n = len(left)
        zone = 2**64 - (2**64 % n)
        while True:
            v = rng.next_u64()
            if v < zone:
                break
        winners.append(left.pop(v % n))
    return winners


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    phrase, k, eligible = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    people, digest = sorted_list(eligible)
    print(f"algorithm=lawquiz-draw-v1 eligible={len(people)} list_sha256={digest}")
    print("winners=" + ",".join(draw(phrase, people, k)))
