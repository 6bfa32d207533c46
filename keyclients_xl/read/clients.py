"""Client identity: which spellings are one client, which only look alike.

Exports spell one client many ways: `ООО "Ромашка"`, `ООО «Ромашка»`, `ООО Ромашка`, `OOO
Ромашка` with Latin letters, «Общество с ограниченной ответственностью Ромашка». Matching
folds quotes, case, spaces and ё/е, and normalises the legal form (Latin look-alikes, full
forms → ООО, ИП, АО …, the form moved to the front). The legal form stays part of the
identity: `ООО Ромашка` and `ИП Ромашка` are two entities.

Names that are close but not equal are never merged; `possible_duplicates` lists them for
the user to decide (rapidfuzz does the fuzzy matching).
"""

from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd
import pyarrow as pa

# Full legal forms → the short form; the longest match wins ("публичное акционерное общество").
LEGAL_FORMS = {
    "общество с ограниченной ответственностью": "ооо",
    "общество с дополнительной ответственностью": "одо",
    "публичное акционерное общество": "пао",
    "непубличное акционерное общество": "нао",
    "закрытое акционерное общество": "зао",
    "открытое акционерное общество": "оао",
    "акционерное общество": "ао",
    "индивидуальный предприниматель": "ип",
    "товарищество с ограниченной ответственностью": "тоо",
    "частное предприятие": "чп",
    "limited liability company": "llc",
}
SHORT_FORMS = {"ооо", "одо", "пао", "нао", "зао", "оао", "ао", "ип", "тоо", "чп", "llc", "ltd", "inc", "gmbh"}
# Latin letters that look like Cyrillic ones: 'OOO' typed in the wrong layout is 'ООО'.
_LOOKALIKES = str.maketrans("aceopxykmhtb", "асеорхукмнтв")  # applied after casefold
_QUOTES = str.maketrans(dict.fromkeys("\"'`«»„“”‟‘’‚‹›", " "))
_CYRILLIC = re.compile(r"[а-я]")
_LATIN = re.compile(r"[a-z]")
_DOTTED_ABBREVIATION = re.compile(r"(\w)\.(?=\w)")
_NUMBER = re.compile(r"\d+")
_INITIALS = re.compile(r"^(\w\.){1,2}$|^\w{1,2}$")  # 'п.и.', 'п.', 'пи'
_FULL_FORMS = re.compile("|".join(sorted(map(re.escape, LEGAL_FORMS), key=len, reverse=True)))
_FULL_FORM_WORDS = ("общество", "предпри", "товарищество", "limited")  # one of them is in every full form
assert all(any(word in form for word in _FULL_FORM_WORDS) for form in LEGAL_FORMS)


@functools.lru_cache(maxsize=1 << 16)  # a build folds each client's spellings more than once
def fold_name(name: str) -> str:
    """The matching form of one client name: 'ООО «Ромашка»' and 'OOO Ромашка' → 'ооо ромашка'."""
    text = name.casefold().replace("ё", "е").replace(",", " ").translate(_QUOTES)  # 'Ромашка, ООО' (1C's order)
    text = " ".join(text.split())
    if any(word in text for word in _FULL_FORM_WORDS):  # the search only where a full form can be
        text = _FULL_FORMS.sub(lambda m: LEGAL_FORMS[m.group(0)], text)
    latin = _LATIN.search(text) is not None  # most names have no Latin letter: no look-alike to look for
    forms, words = [], []
    for token in text.split():
        if latin and _CYRILLIC.search(token) and _LATIN.search(token):
            token = token.translate(_LOOKALIKES)  # a word in both scripts: the Latin letters are typos
        bare = (_DOTTED_ABBREVIATION.sub(r"\1", token) if "." in token else token).strip(".,")  # 'о.о.о.' → 'ооо'
        if latin and (form := bare.translate(_LOOKALIKES)) in SHORT_FORMS:
            forms.append(form)
        elif bare in SHORT_FORMS:
            forms.append(bare)
        else:
            words.append(token)
    return " ".join(forms + words)


def core_name(key: str) -> str:
    """A folded name without its legal form: 'ооо ромашка' → 'ромашка'."""
    return " ".join(token for token in key.split() if token not in SHORT_FORMS)


def client_key(names: pd.Series, factorized: tuple | None = None, dtype: str | None = None) -> pd.Series:
    """The identity of each client name (folded once per distinct name). `factorized`:
    pd.factorize(names), when the caller has it; `dtype`: the result's (default: str for str
    names, object otherwise)."""
    codes, distinct = factorized if factorized is not None else pd.factorize(names, use_na_sentinel=True)
    folded = folded_names(distinct)
    if (dtype or ("str" if names.dtype == "str" else object)) == "str":
        return text_by_codes(folded, codes, names.index)
    return pd.Series(np.array([*folded, None], dtype=object)[codes], index=names.index, dtype=object)


def folded_names(distinct) -> list[str]:
    """fold_name of each distinct name."""
    return [fold_name(str(name)) for name in distinct]


def keys_by_names(factorized: tuple) -> tuple[np.ndarray, pd.Index]:
    """pd.factorize of the lines' client_key, from pd.factorize of their names (first-met order, as
    pd.factorize numbers them): the few thousand folded names are factorized, not a million keys.
    A key is first met on the line where the first of its names is."""
    codes, distinct = factorized
    key_of_name, keys = pd.factorize(pd.Series(folded_names(distinct), dtype=object))
    return np.append(key_of_name, -1)[codes], pd.Index(keys.to_numpy(dtype=object), dtype="str")


_DIGITS = re.compile(r"^0*(\d+?)(?:\.0*)?$")  # '0274000001', '274000001', '274000001.0' → '274000001'


def code_key(codes: pd.Series) -> pd.Series:
    """The identity of each client code ('#…'; None where there is none). A code of digits is
    its number however the file wrote it (text with leading zeros, a number, a float cell),
    any other code is compared case-folded."""
    text = codes.astype("string").str.strip().str.casefold()
    return ("#" + text.str.replace(_DIGITS, r"\1", regex=True)).astype(object).where(codes.notna(), None)


def text_by_codes(values: list, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """Each line's text given its code into `values` (-1 or a NaN value: missing), as Arrow-backed
    str: Arrow takes the few distinct values, where a million Python strings took 0.1 s to convert."""
    taken = pa.array(values, type=pa.large_string(), from_pandas=True).take(pa.array(codes, mask=codes < 0))
    return pd.Series(pd.array(taken, dtype="str"), index=index)


def spelling_counts(
    names: pd.Series, keys: pd.Series, factorized: tuple | None = None, factorized_keys: tuple | None = None
) -> pd.DataFrame:
    """Each distinct (key, spelling) pair with its lines and first line, in the order first met.

    Names and keys are factorized once (a million lines hold a few thousand pairs), so what
    follows works on the pairs, not on the lines. `factorized`, `factorized_keys`:
    pd.factorize(names), pd.factorize(keys), if known."""
    key_codes, key_values = factorized_keys if factorized_keys is not None else pd.factorize(keys, use_na_sentinel=True)
    name_codes, name_values = factorized if factorized is not None else pd.factorize(names, use_na_sentinel=True)
    by_names = _spellings_by_names(key_codes, key_values, name_codes, name_values)
    if by_names is not None:
        return by_names
    pair = key_codes.astype(np.int64) * (len(name_values) + 1) + name_codes
    valid = (key_codes >= 0) & (name_codes >= 0)
    # factorize numbers the pairs in the order first met: a pair's first line is where its code
    # first exceeds every code before it, and no sort of a million pairs is needed.
    codes, unique = pd.factorize(pair[valid])
    first = np.flatnonzero(valid)[np.flatnonzero(codes > np.maximum.accumulate(np.append(-1, codes[:-1])))]
    lines = np.bincount(codes, minlength=len(unique))
    return pd.DataFrame(
        {
            "key": np.asarray(key_values, dtype=object)[unique // (len(name_values) + 1)],
            "name": np.asarray(name_values, dtype=object)[unique % (len(name_values) + 1)],
            "lines": lines,
            "first": first,
        }
    )


def _spellings_by_names(key_codes, key_values, name_codes, name_values) -> pd.DataFrame | None:
    """`spelling_counts` when each name has one key (no client code decides) and the names are
    numbered in first-met order (pd.factorize): the pairs are then the names with a key, in their
    order, and the million pair codes need no factorizing. None otherwise."""
    key_of = np.full(len(name_values) + 1, -1, dtype=np.int64)  # the last place: a missing name's
    key_of[name_codes] = key_codes
    if not np.array_equal(key_of[name_codes], key_codes):
        return None  # a name with two keys, or a key without a name
    valid = (key_codes >= 0) & (name_codes >= 0)
    codes = name_codes[valid]
    lines = np.bincount(codes, minlength=len(name_values))
    present = np.flatnonzero(lines)
    starts = np.flatnonzero(codes > np.maximum.accumulate(np.append(-1, codes[:-1])))
    if len(starts) != len(present):
        return None  # names not numbered in the order first met
    return pd.DataFrame(
        {
            "key": np.asarray(key_values, dtype=object)[key_of[present]],
            "name": np.asarray(name_values, dtype=object)[present],
            "lines": lines[present],
            "first": np.flatnonzero(valid)[starts],
        }
    )


def coded_names(counts: pd.DataFrame) -> pd.Series:
    """Folded spelling → key, for the clients a code identifies (`counts`: spelling_counts). A
    spelling the exports give to two clients (two «ИП Иванов» with two ИНН), or to a client
    without a code too, is left out: it names no one client."""
    folded = [fold_name(str(name)) for name in counts["name"].tolist()]  # a list: Python strings, not Arrow's
    pairs = pd.DataFrame({"name": folded, "key": counts["key"].to_numpy()})
    pairs = pairs.drop_duplicates()
    pairs = pairs[~pairs["name"].duplicated(keep=False)]
    pairs = pairs[pairs["name"] != pairs["key"]]
    return pd.Series(pairs["key"].to_numpy(dtype=object), index=pd.Index(pairs["name"], dtype=object), dtype=object)


def display_names(names: pd.Series, keys: pd.Series, counts: pd.DataFrame | None = None) -> pd.Series:
    """Per key, the most frequent spelling (the first met among equals). `counts`: spelling_counts, if known."""
    counts = counts if counts is not None else spelling_counts(names, keys)
    counts = counts.sort_values(["key", "lines", "first"], ascending=[True, False, True])
    return counts.drop_duplicates("key").set_index("key")["name"]


def merged_spellings(names: pd.Series, keys: pd.Series, counts: pd.DataFrame | None = None) -> pd.Series:
    """key → the distinct spellings merged into it, for keys with more than one."""
    counts = counts if counts is not None else spelling_counts(names, keys)
    several = counts[counts["key"].duplicated(keep=False)]  # a list per key only where there is more than one
    merged = several.groupby("key", sort=False)["name"].agg(list)
    return merged[merged.map(len) > 1]


# Fuzzy hints only among the largest clients: bounded time on exports with tens of thousands of names.
FUZZY_CLIENTS_MAX = 3000
FUZZY_SCORE = 90


def possible_duplicates(amounts: pd.Series, folded: pd.Series) -> list[tuple[str, str]]:
    """Pairs of keys that may be one client: equal except for the legal form, or close spellings
    with the same numbers (a store or branch number tells two clients apart).

    `amounts`: total per key (to prefer the largest clients); `folded`: key → folded name
    (the key itself, except for clients identified by a code).
    Pairs come largest first: by the first key's rank by size, then the second's.
    """
    keys = amounts.abs().sort_values(ascending=False, kind="mergesort").index[:FUZZY_CLIENTS_MAX]
    cores = pd.Series([core_name(name) for name in folded.loc[keys].tolist()], index=np.arange(len(keys)))  # by rank
    cores = cores[cores.str.len() >= 3]
    # Equal except the legal form ('ООО Ромашка' and 'ИП Ромашка'): each with the first of its core.
    shared = cores[cores.duplicated(keep=False)]
    leader = shared.groupby(shared, sort=False).transform(lambda group: group.index[0])
    followers = shared.index[shared.index != leader.to_numpy()]
    first_ranks, second_ranks = [leader[followers].to_numpy()], [followers.to_numpy()]
    # Close spellings ('Ромашка' and 'Ромашкa плюс' are not; 'Ромашка' and 'Ромашкка' are).
    unique = cores.drop_duplicates()
    if len(unique) > 1:
        # Names with other numbers ('магазин 125', 'магазин 126') are two stores: only names with
        # the same numbers are compared (a store chain's 3,000 numbered names make no 9M pairs).
        texts = unique.tolist()  # Python strings: iterating the Arrow-backed Series cost 7 µs a name
        numbers, _ = pd.factorize(pd.Series([tuple(_NUMBER.findall(name)) for name in texts]))
        first, second = _close_pairs(texts, numbers)
        # Names equal but for initials ('николаев п.и.', 'николаев п.д.') are two people:
        # compared by codes, since close pairs can run to the hundred thousand.
        tokens, _ = pd.factorize(pd.Series([frozenset(name.split()) for name in texts]))
        words, _ = pd.factorize(pd.Series([_without_initials(name) for name in texts]))
        close = ~((words[first] == words[second]) & (tokens[first] != tokens[second]))
        ranks = unique.index.to_numpy()
        first_ranks.append(ranks[first[close]])
        second_ranks.append(ranks[second[close]])
    firsts, seconds = np.concatenate(first_ranks).astype(np.int64), np.concatenate(second_ranks).astype(np.int64)
    order = np.lexsort((seconds, firsts))  # largest first, then the partner's rank
    names = np.asarray(keys, dtype=object)
    return list(zip(names[firsts[order]].tolist(), names[seconds[order]].tolist(), strict=True))


def _close_pairs(names: list[str], groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions (i < j) of the names whose spellings are close (fuzz.ratio at least FUZZY_SCORE),
    compared within their group only (`groups`: a code per name)."""
    from rapidfuzz import fuzz, process

    firsts, seconds = [np.empty(0, dtype=np.int64)], [np.empty(0, dtype=np.int64)]
    for members in pd.Series(groups).groupby(groups, sort=False).indices.values():
        if len(members) < 2:
            continue
        group = [names[i] for i in members]
        scores = process.cdist(group, group, scorer=fuzz.ratio, score_cutoff=FUZZY_SCORE, dtype="uint8", workers=-1)
        first, second = np.nonzero(np.triu(scores, k=1))
        firsts.append(members[first])
        seconds.append(members[second])
    return np.concatenate(firsts), np.concatenate(seconds)


def _without_initials(name: str) -> frozenset:
    """The words of a name that are not initials."""
    return frozenset(token for token in name.split() if not _INITIALS.match(token))
