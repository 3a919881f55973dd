"""Generate a reproducible corpus of introduction messages for the speed and memory benchmarks.

    python benchmarks/make_corpus.py                        # 10,000 rows -> benchmarks/.corpus/corpus-10000.jsonl
    python benchmarks/make_corpus.py -n 100000 --seed 7     # another size or seed
    python benchmarks/make_corpus.py -n 500 --txt DIR       # also one .txt file per draft (with front matter)

Each row is {"id", "text", "to", "channel"}. The id starts with the kind of message
(good-note, favor-ask, pitch, mail-merge, email, dm, generic), so results can be split by kind.
Every text is 20-150 words (counted with str.split). The same seed always gives the same corpus,
on any machine and Python 3.10+. The output folder is git-ignored: never commit generated corpora.

This is speed and memory data, not judgement data: the messages are plausible, varied and of the
right length, but they are not labelled and must not be used to tune rules (see benchmarks/quality.py
and tests/corpus/ for that).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Iterator

HERE = Path(__file__).resolve().parent
DEFAULT_DIR = HERE / ".corpus"
DEFAULT_SEED = 20240611
GENERATOR_VERSION = 2  # bump when the generator changes, so cached corpora are regenerated
MIN_WORDS, MAX_WORDS = 20, 150

# -- vocabulary ---------------------------------------------------------------------------------

FIRST = ["Sarah", "Priya", "Daniel", "Marco", "Aisha", "Oscar", "Jennifer", "Helen", "Tom", "Elin",
         "Kenji", "Fatima", "Lukas", "Ana", "Chidi", "Mei", "Rafael", "Ingrid", "Owen", "Zanele",
         "Samir", "Olivia", "Jonas", "Leila", "Mateo", "Hannah", "Arjun", "Chloe", "Dmitri", "Grace",
         "Yusuf", "Nora", "Ethan", "Sofia", "Kwame", "Isabel", "Hiroshi", "Amara", "Benjamin", "Lucia",
         "Robert", "Katherine", "Michael", "Elizabeth", "Alexander", "Jessica", "Tariq", "Freya", "Diego", "Mina"]
LAST = ["Chen", "Raman", "Okafor", "Rossi", "Mensah", "Lindqvist", "Alvarez", "Fairweather", "Berg", "Nakamura",
        "Haddad", "Keller", "Silva", "Eze", "Wong", "Costa", "Novak", "Hughes", "Dlamini", "Kapoor",
        "Brennan", "Schmidt", "Farah", "Moreno", "Larsen", "Iyer", "Dubois", "Petrov", "Adeyemi", "Garcia",
        "Yilmaz", "Walsh", "Tanaka", "Osei", "Fischer", "Murphy", "Sato", "Nwosu", "Clarke", "Ortiz"]
COMPANIES = ["Sandvik", "Stripe", "Shopify", "Atlassian", "Datadog", "Maersk", "Siemens", "Canva", "Zalando",
             "Klarna", "Ocado", "Twilio", "Figma", "Snowflake", "Spotify", "Adyen", "Wise", "Monzo", "Grab",
             "Notion", "Airtable", "HubSpot", "Rivian", "Vestas", "Philips", "Unilever", "Mercado Libre",
             "Children's Wisconsin", "the Gates Foundation", "a Series B fintech", "Northwind Logistics"]
EVENTS = ["PyData Boston", "PyCon US", "SaaStr Annual", "KubeCon Europe", "Web Summit", "the Lean Startup meetup",
          "the AWS Summit in Stockholm", "Config", "ProductCon", "the Women in Data breakfast", "RSA Conference",
          "the Supply Chain Expo", "Strange Loop", "the Berlin Rust meetup", "NeurIPS", "the UX London workshop",
          "the alumni mixer", "the Hacker News meetup in Austin", "DevOpsDays Oslo", "the Nurse Leaders summit"]
TOPICS = ["feature stores", "usage-based pricing", "closed-loop coolant filtration", "design systems",
          "on-call rotations", "pediatric palliative care", "warehouse robotics", "privacy engineering",
          "onboarding flows", "carbon accounting", "property-based testing", "supplier risk", "pricing pages",
          "developer relations", "clinical trial recruitment", "incident reviews", "retention cohorts",
          "zero-downtime migrations", "accessibility audits", "demand forecasting", "community building",
          "hiring loops", "B2B content strategy", "edge caching", "battery recycling"]
ARTIFACTS = ["your talk on {topic}", "your post about {topic}", "your newsletter issue on {topic}",
             "your 2022 paper on {topic}", "your podcast episode on {topic}", "your open-source library for {topic}",
             "the case study your team published on {topic}", "your thread on {topic}",
             "your workshop on {topic}", "your answer in the {topic} forum"]
ROLES = ["product manager", "data engineer", "nursing student", "operations lead", "UX researcher",
         "founder", "recruiter", "backend developer", "account executive", "PhD student", "designer",
         "supply chain analyst", "engineering manager", "growth marketer", "security engineer"]
CITIES = ["Boston", "Gothenburg", "Lagos", "Bangalore", "Lisbon", "Austin", "Toronto", "Berlin", "Nairobi",
          "Melbourne", "Osaka", "Mexico City", "Dublin", "Warsaw", "Cape Town"]
PRODUCTS = ["an AI-powered CRM", "our lead-generation platform", "a done-for-you SEO package",
            "our offshore development team", "a sales automation tool", "our cloud cost optimizer",
            "a recruiting marketplace", "our analytics dashboard", "a white-label chatbot", "our growth agency"]
SIGN_OFFS = ["Best,", "Thanks,", "Kind regards,", "Best regards,", "Cheers,", "Warm regards,", "Thank you,",
             "Sincerely,", "All the best,", "Talk soon,"]
GREETINGS = ["Hi {first},", "Hello {first},", "Dear {first},", "Hey {first},", "Hi {first} -", "Dear Dr. {last},",
             "Good morning {first},", "Hi {first}!"]
PLACEHOLDERS = ["{first_name}", "{{first_name}}", "[First Name]", "[Company]", "{company}", "<<Company>>",
                "%FIRSTNAME%", "{{company_name}}", "[NAME]", "{event}"]

# -- sentence pools per kind ----------------------------------------------------------------------

GOOD_CONTEXT = [
    "I was at {event} last week and your talk on {topic} was the most practical session I saw.",
    "{mutual} suggested I get in touch; she said you rebuilt the {topic} work at {company}.",
    "I read {artifact} and used the checklist in it with my team this sprint.",
    "We were both on the {topic} panel at {event}, and I kept thinking about your point on trade-offs.",
    "Your answer to my question at {event} about {topic} saved us a week of rework.",
    "I'm {a_role} in {city} and {artifact} changed how we approach {topic}.",
    "{mutual} and I worked together at {company}, and she mentioned you lead {topic} there now.",
    "I noticed we both volunteer with the {city} {topic} group; I joined in March.",
]
GOOD_REASON = [
    "I'm starting a similar project and would value staying in touch.",
    "I'd be glad to follow your work on {topic}.",
    "Your approach is close to what we are trying at {company}, so I wanted to connect.",
    "I'm writing up what we learned and would like to credit your idea properly.",
    "It would be great to compare notes whenever it suits you.",
    "I thought you might like to see how it worked out for us.",
]
GOOD_ASK = [
    "Would you mind if I sent you the write-up when it's done?",
    "If you ever share the slides, I'd love to read them.",
    "No need to reply; I just wanted to say thanks.",
    "Happy to share our numbers if they're useful to you.",
    "Is the recording of the talk public anywhere?",
    "Glad to stay in touch.",
]
FAVOR = [
    "I'd love to pick your brain about {topic}.",
    "Could you hop on a quick call this week?",
    "Can you refer me to any openings on your team at {company}?",
    "Would you be willing to introduce me to your hiring manager?",
    "Could you review my resume and tell me what's missing?",
    "Do you have 30 minutes for a coffee chat so I can learn about {company}?",
    "I'm looking for a job in {topic} and hoped you could help.",
    "Would you mind taking a look at my portfolio and giving feedback?",
    "Can we set up a quick call to discuss career advice?",
    "Any chance you could put in a good word for me with the recruiter?",
]
FAVOR_SELF = [
    "I'm {a_role} based in {city} with five years of experience.",
    "I recently graduated and I'm trying to break into {topic}.",
    "I have always admired {company} and I think I would be a great fit.",
    "My background is in {topic} and I'm passionate about making an impact.",
    "I'm exploring new opportunities and your profile stood out.",
]
PITCH = [
    "I help companies like {company} cut costs by 30% with {product}.",
    "We've built {product} that books 20+ meetings a month on autopilot.",
    "Our clients typically see a 3x return in the first quarter.",
    "Would you be open to a 15-minute demo next Tuesday or Wednesday?",
    "I'd love to show you how {product} could help your team.",
    "We are offering a free trial this month only, so let me know if you're interested.",
    "Are you the right person to talk to about {topic} at {company}?",
    "Many leaders in {topic} already trust us, including teams at {company2}.",
    "Book a time on my calendar here: calendly.com/{slug}/15min",
    "Just following up on my last message in case it got buried.",
    "We guarantee results or your money back.",
]
GENERIC = [
    "I came across your profile and was really impressed by your background.",
    "I'd like to add you to my professional network.",
    "Let's connect!",
    "I'm always looking to expand my network with great professionals like you.",
    "You seem like an amazing person and a true leader in the industry.",
    "Hope you're doing well!",
    "I think we could benefit from being connected.",
    "Looking forward to connecting with you.",
    "It would be great to have you in my network.",
    "Your profile is very impressive.",
]
MERGE = [
    "I noticed that {ph} is doing great things in {topic}.",
    "Congrats on your recent success at {ph}!",
    "As a leader at {ph}, you probably care about {topic}.",
    "I saw your post about {ph} and wanted to reach out.",
    "We work with teams like yours at {ph} every day.",
    "I'd love to connect with you, {ph}.",
]
DM = [
    "hey! saw your {topic} thread, super useful",
    "quick q about {topic} if you have a sec",
    "loved your post on {topic} btw",
    "we met at {event} I think? the {topic} session",
    "no rush at all, just curious how you set it up",
    "thx for sharing github.com/{last_lower}/{slug}, starred it",
    "would u be up for trading notes sometime",
    "fyi {mutual} said you're the person to ask about {topic}",
    "haha yes the {topic} tooling is rough right now",
    "ok that's wild, didn't know {company} did that",
]
EMAIL_BODY = [
    "I manage {topic} at a 120-person team in {city} and we're evaluating the same change you made at {company}.",
    "{mutual} at {company} suggested I contact you after I told her about our {topic} project.",
    "I read {artifact}, and the section on failure modes changed how we plan our rollout.",
    "If you'd be willing to share which vendor you chose, I'd be grateful; no worries if that's not something you can share.",
    "I'm not asking for anything right now; I wanted to introduce myself and thank you for the write-up.",
    "We are a small team, so even a two-line answer would help us avoid an expensive mistake.",
    "I've attached a one-page summary of what we tried, in case it's useful context.",
    "Happy to return the favour with our benchmark data, which we plan to publish in the spring.",
    "Our pilot starts in {month}, and I'd like to get the measurement plan right before then.",
]
FILLER = [
    "Thanks for reading this far.",
    "I know your inbox is busy.",
    "Hope the week is going well.",
    "Either way, thanks for sharing so much of your work publicly.",
    "It's been on my mind since.",
    "Our team is five people, mostly engineers.",
    "We ship every two weeks and keep a public changelog.",
    "I'm based in {city}, so happy to meet if you're ever in town.",
    "I'll keep it short.",
    "The details are in the doc linked from my profile.",
    "Congrats on the recent launch at {company}, by the way.",
    "I have been following {topic} closely for a couple of years.",
]
MONTHS = ["January", "March", "April", "June", "September", "October", "November"]

KINDS = ("good-note", "favor-ask", "pitch", "mail-merge", "email", "dm", "generic")
KIND_WEIGHTS = (22, 16, 14, 8, 18, 12, 10)


def _fill(rng: random.Random, template: str, slots: dict) -> str:
    text = template
    if "{artifact}" in text:
        text = text.replace("{artifact}", rng.choice(ARTIFACTS))
    for key, value in slots.items():
        text = text.replace("{" + key + "}", value)
    if "{ph}" in text:  # after the slots, so a literal {company} placeholder survives
        text = text.replace("{ph}", rng.choice(PLACEHOLDERS))
    return text


def _words(text: str) -> int:
    return len(text.split())


def _pick(rng: random.Random, pool: list[str], k: int) -> list[str]:
    return rng.sample(pool, min(k, len(pool)))


def _grow(rng: random.Random, parts: list[str], target: int, pools: list[list[str]], slots: dict,
          limit: int = MAX_WORDS) -> list[str]:
    """Add sentences from pools (without repeats) until the text reaches about `target` words (never `limit`)."""
    used = set(parts)
    candidates = [s for pool in pools for s in pool]
    rng.shuffle(candidates)
    for sentence in candidates:
        total = sum(_words(p) for p in parts)
        if total >= target:
            break
        filled = _fill(rng, sentence, slots)
        if total + _words(filled) > limit:
            continue
        if filled not in used:
            used.add(filled)
            parts.insert(rng.randint(1, max(1, len(parts) - 1)), filled)
    return parts


def _person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST), rng.choice(LAST)


def message(rng: random.Random, index: int) -> dict:
    """One generated row: id, text, to, channel."""
    kind = rng.choices(KINDS, weights=KIND_WEIGHTS)[0]
    first, last = _person(rng)
    mfirst, mlast = _person(rng)
    slots = {
        "first": first, "last": last, "mutual": f"{mfirst} {mlast}", "company": rng.choice(COMPANIES),
        "company2": rng.choice(COMPANIES), "event": rng.choice(EVENTS), "topic": rng.choice(TOPICS),
        "role": rng.choice(ROLES), "city": rng.choice(CITIES), "product": rng.choice(PRODUCTS),
        "month": rng.choice(MONTHS),
    }
    slots["a_role"] = ("an " if slots["role"][0] in "aeiou" else "a ") + slots["role"]
    # a unique-ish token in some messages, as real links and ids are, so the vocabulary keeps growing
    slots["slug"] = "".join(rng.choice("abcdefghijkmnpqrstuvwxyz23456789") for _ in range(7))
    slots["last_lower"] = last.lower()
    to = f"{first} {last}"
    sender = rng.choice(FIRST)
    greeting = _fill(rng, rng.choice(GREETINGS), slots)
    if kind == "good-note":
        channel = rng.choice(["linkedin-note", "linkedin-note", "linkedin-message", "inmail"])
        target = rng.randint(20, 45) if channel == "linkedin-note" else rng.randint(30, 90)
        parts = [greeting, _fill(rng, rng.choice(GOOD_CONTEXT), slots), _fill(rng, rng.choice(GOOD_REASON), slots),
                 _fill(rng, rng.choice(GOOD_ASK), slots)]
        parts = _grow(rng, parts, target, [GOOD_CONTEXT, FILLER], slots)
        text = " ".join(parts) + rng.choice(["", f" - {sender}", f"\n{sender}"])
    elif kind == "favor-ask":
        channel = rng.choice(["linkedin-message", "inmail", "email", "linkedin-note"])
        target = rng.randint(25, 110)
        parts = [greeting] + [_fill(rng, s, slots) for s in _pick(rng, FAVOR_SELF, 1) + _pick(rng, FAVOR, rng.randint(1, 3))]
        parts = _grow(rng, parts, target, [FAVOR_SELF, FAVOR, FILLER], slots)
        text = " ".join(parts)
        if rng.random() < 0.5:
            text += f"\n\n{rng.choice(SIGN_OFFS)}\n{sender}"
    elif kind == "pitch":
        channel = rng.choice(["inmail", "email", "linkedin-message"])
        target = rng.randint(40, 140)
        parts = [greeting] + [_fill(rng, s, slots) for s in _pick(rng, PITCH, 3)]
        parts = _grow(rng, parts, target, [PITCH, GENERIC, FILLER], slots, limit=MAX_WORDS - 6)
        paras = _paragraphs(rng, parts[1:])
        text = parts[0] + "\n\n" + "\n\n".join(paras) + f"\n\n{rng.choice(SIGN_OFFS)}\n{sender}\nGrowth Partner | {slots['product'].split()[-1].title()}"
    elif kind == "mail-merge":
        channel = rng.choice(["email", "linkedin-note", "inmail"])
        target = rng.randint(20, 80)
        opener = rng.choice(["Hi {first_name},", "Hello [First Name],", "Dear {{first_name}},", greeting])
        parts = [opener] + [_fill(rng, s, slots) for s in _pick(rng, MERGE, 2)]
        parts = _grow(rng, parts, target, [MERGE, PITCH, GENERIC], slots)
        text = " ".join(parts)
    elif kind == "email":
        channel = "email"
        target = rng.randint(60, 150)
        signature = f"{rng.choice(SIGN_OFFS)}\n{sender} {rng.choice(LAST)}"
        if rng.random() < 0.5:
            signature += f"\n{rng.choice(ROLES).title()}, {rng.choice(COMPANIES)}"
        fixed = _words(greeting) + _words(signature)
        parts = [_fill(rng, s, slots) for s in _pick(rng, EMAIL_BODY, 3)]
        parts = _grow(rng, parts, target - fixed, [EMAIL_BODY, GOOD_CONTEXT, GOOD_REASON, FILLER], slots,
                      limit=MAX_WORDS - fixed)
        text = greeting + "\n\n" + "\n\n".join(_paragraphs(rng, parts)) + "\n\n" + signature
    elif kind == "dm":
        channel = "dm"
        target = rng.randint(20, 60)
        parts = [rng.choice(["hey", "hi", "yo", f"hey {first.lower()}", f"hi {first}!"])]
        parts += [_fill(rng, s, slots) for s in _pick(rng, DM, 2)]
        parts = _grow(rng, parts, target, [DM], slots)
        sep = rng.choice([" ", "\n", ". "])
        text = sep.join(parts) + rng.choice(["", " :)", " 🙏", "!!", " 🚀"])
    else:  # generic
        channel = rng.choice(["linkedin-note", "linkedin-message"])
        target = rng.randint(20, 50)
        parts = [rng.choice([greeting, "Hi there,", "Hello,", "Dear Sir/Madam,"])]
        parts += _pick(rng, GENERIC, 2)
        parts = _grow(rng, parts, target, [GENERIC, FILLER], slots)
        text = " ".join(parts)
    text = _fit(rng, text, slots)
    return {"id": f"{kind}-{index:06d}", "text": text, "to": to, "channel": channel}


def _paragraphs(rng: random.Random, sentences: list[str]) -> list[str]:
    out, current = [], []
    for sentence in sentences:
        current.append(sentence)
        if len(current) >= rng.randint(1, 3):
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return out


def _fit(rng: random.Random, text: str, slots: dict) -> str:
    """Pad or cut a text so it has MIN_WORDS..MAX_WORDS words (by str.split)."""
    while _words(text) < MIN_WORDS:
        text += " " + _fill(rng, rng.choice(FILLER), slots)
    if _words(text) > MAX_WORDS:
        # cut at the last sentence end that keeps us under the cap, keeping line structure
        kept, count = [], 0
        for line in text.split("\n"):
            n = _words(line)
            if count + n > MAX_WORDS:
                words = line.split()[: MAX_WORDS - count]
                if words:
                    kept.append(" ".join(words).rstrip(",;") + ".")
                break
            kept.append(line)
            count += n
        text = "\n".join(kept)
    return text


def generate(n: int = 10_000, seed: int = DEFAULT_SEED) -> Iterator[dict]:
    """Yield n rows lazily; row i depends only on (seed, i) order, so prefixes of bigger corpora agree."""
    rng = random.Random(seed)
    for i in range(n):
        yield message(rng, i)


def write_jsonl(path: Path, n: int = 10_000, seed: int = DEFAULT_SEED) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        for row in generate(n, seed):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    tmp.replace(path)
    return path


def write_txt(folder: Path, rows) -> int:
    """One draft file per row, with front matter carrying `to`, `channel` and `id`."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for row in rows:
        front = f"---\nid: {row['id']}\nto: {row['to']}\nchannel: {row['channel']}\n---\n"
        (folder / f"{row['id']}.txt").write_text(front + row["text"] + "\n", encoding="utf-8")
        count += 1
    return count


def corpus_path(n: int, seed: int = DEFAULT_SEED, folder: Path = DEFAULT_DIR) -> Path:
    return folder / f"corpus-v{GENERATOR_VERSION}-{n}-{seed}.jsonl"


def ensure_corpus(n: int, seed: int = DEFAULT_SEED, folder: Path = DEFAULT_DIR) -> Path:
    """The JSONL corpus of n rows for this seed, generated now if it is not on disk yet."""
    path = corpus_path(n, seed, folder)
    if not path.exists():
        write_jsonl(path, n, seed)
    return path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="number of messages (default 10,000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("-o", "--out", type=Path, default=None,
                        help=f"JSONL file to write (default {DEFAULT_DIR.relative_to(HERE.parent)}/corpus-vV-N-SEED.jsonl)")
    parser.add_argument("--txt", type=Path, default=None, metavar="DIR",
                        help="also write one .txt draft (with front matter) per row into DIR")
    parser.add_argument("--stats", action="store_true", help="print counts by kind and channel and word-count range")
    args = parser.parse_args(argv)
    path = args.out or corpus_path(args.n, args.seed)
    write_jsonl(path, args.n, args.seed)
    print(f"wrote {args.n:,} rows to {path}")
    if args.txt:
        count = write_txt(args.txt, generate(args.n, args.seed))
        print(f"wrote {count:,} .txt drafts to {args.txt}")
    if args.stats:
        from collections import Counter

        kinds, channels, lengths = Counter(), Counter(), []
        for row in generate(args.n, args.seed):
            kinds[row["id"].rsplit("-", 1)[0]] += 1
            channels[row["channel"]] += 1
            lengths.append(_words(row["text"]))
        print("kinds:", dict(kinds))
        print("channels:", dict(channels))
        print(f"words: min {min(lengths)}, mean {sum(lengths) / len(lengths):.1f}, max {max(lengths)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
