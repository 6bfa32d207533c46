"""Built-in demo data: document lines of a made-up Russian wholesale distributor.

`make_demo_lines` returns what a 1C "sales by documents" export of a regional
distributor of food and household goods looks like: one row per shipped
product line, Russian column headers, ~60 SKUs, 5-6 sales managers.

Shape of the default data set (``as_of=2026-11-20``, 6 months, 300 clients):

* Period: the ``months`` full calendar months before ``as_of``'s month plus the
  partial month up to ``as_of`` (May 1 - Nov 20, 2026); shipments only on
  Russian working days, month revenue follows the number of working days and a
  mild seasonality.
* Client sizes follow a power law by rank with lognormal jitter: the top 20
  clients make roughly 55-75 % of the sales, about a fifth of the clients make
  about 80 %.  Big clients order often and in long documents and get list-price
  discounts up to 15 %; the smallest ones pay the list price, some of them ship
  only every few months.
* Stories for the last three full months (Aug-Oct 2026 by default): a handful
  of key clients with a clearly falling trend, a few clients (key and not) with
  a gap month, a few growing clients just below place 20 next to some that are
  just below it by size (near-key), a few lost clients (nothing shipped from
  September on) and a few new ones (shipping from August on).
* Noise of a real export: ~1.5 % return lines (negative quantity, same client,
  SKU and price as an earlier shipment, document "Возврат товаров от покупателя
  ..."), ~1 % lines of cancelled documents (status "Отменен": a document entered
  twice, the duplicate cancelled), a few client names that sometimes come with a
  stray leading/trailing space or in upper case.

Everything is drawn from ``numpy.random.default_rng(seed)``: the same arguments
give the same frame.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

__all__ = ["COLUMNS", "DEMO_FILE_NAME", "make_demo_lines"]

DEMO_FILE_NAME = "Продажи_демо.xlsx"

COLUMNS: tuple[str, ...] = (
    "Дата",
    "Документ",
    "Контрагент",
    "Номенклатура",
    "Артикул",
    "Количество",
    "Цена",
    "Цена по прайсу",
    "Сумма",
    "Себестоимость",
    "Менеджер",
    "Статус",
)

STATUS_POSTED = "Проведен"
STATUS_CANCELLED = "Отменен"
SALE_DOC = "Реализация"
RETURN_DOC = "Возврат товаров от покупателя"

# (name, base list price in rubles, case pack: quantities above it are whole cases)
_FOOD: tuple[tuple[str, float, int], ...] = (
    ("Масло подсолнечное рафинированное 1 л", 154.90, 15),
    ("Масло подсолнечное нерафинированное 0,9 л", 164.90, 15),
    ("Масло оливковое Extra Virgin 0,5 л", 889.00, 12),
    ("Сахар-песок 1 кг", 88.90, 10),
    ("Сахар-рафинад 500 г", 94.90, 20),
    ("Соль поваренная йодированная 1 кг", 31.90, 20),
    ("Мука пшеничная высший сорт 2 кг", 117.90, 10),
    ("Крупа гречневая ядрица 900 г", 118.90, 12),
    ("Рис круглозёрный 900 г", 108.90, 12),
    ("Рис длиннозёрный пропаренный 900 г", 138.90, 12),
    ("Пшено шлифованное 900 г", 68.90, 12),
    ("Хлопья овсяные «Геркулес» 500 г", 74.90, 12),
    ("Макароны спагетти 450 г", 78.90, 20),
    ("Макароны рожки 450 г", 71.90, 20),
    ("Вермишель паутинка 400 г", 54.90, 20),
    ("Горох колотый 800 г", 61.90, 12),
    ("Чай чёрный листовой 100 г", 138.90, 24),
    ("Чай чёрный в пакетиках 100 шт", 248.90, 12),
    ("Чай зелёный в пакетиках 25 шт", 98.90, 24),
    ("Кофе растворимый сублимированный 95 г", 458.90, 12),
    ("Кофе молотый 250 г", 388.90, 12),
    ("Какао-порошок 100 г", 128.90, 24),
    ("Молоко сгущённое цельное 380 г", 118.90, 30),
    ("Тушёнка говяжья ГОСТ 325 г", 228.90, 24),
    ("Шпроты в масле 160 г", 158.90, 24),
    ("Сайра натуральная 250 г", 188.90, 24),
    ("Горошек зелёный 400 г", 88.90, 12),
    ("Кукуруза сладкая 340 г", 98.90, 12),
    ("Паста томатная 270 г", 88.90, 12),
    ("Майонез «Провансаль» 67 % 400 г", 118.90, 12),
    ("Кетчуп томатный 350 г", 108.90, 12),
    ("Горчица русская 140 г", 48.90, 20),
    ("Уксус столовый 9 % 0,5 л", 44.90, 20),
    ("Печенье сахарное 400 г", 108.90, 12),
    ("Пряники медовые 400 г", 118.90, 12),
    ("Конфеты шоколадные ассорти 200 г", 328.90, 10),
    ("Шоколад молочный 90 г", 98.90, 20),
    ("Сушки ванильные 300 г", 68.90, 15),
    ("Вода питьевая негазированная 1,5 л", 44.90, 6),
    ("Вода минеральная газированная 0,5 л", 54.90, 12),
    ("Сок яблочный 1 л", 128.90, 12),
    ("Сок апельсиновый 1 л", 148.90, 12),
    ("Лимонад 1,5 л", 88.90, 6),
    ("Дрожжи сухие 11 г", 21.90, 60),
    ("Разрыхлитель теста 15 г", 14.90, 50),
    ("Лист лавровый 10 г", 28.90, 50),
    ("Перец чёрный молотый 50 г", 68.90, 30),
)
_HOUSEHOLD: tuple[tuple[str, float, int], ...] = (
    ("Средство для мытья посуды 500 мл", 118.90, 20),
    ("Порошок стиральный автомат 3 кг", 648.90, 4),
    ("Гель для стирки 1,3 л", 458.90, 8),
    ("Кондиционер для белья 1 л", 248.90, 12),
    ("Мыло хозяйственное 72 % 200 г", 48.90, 48),
    ("Мыло туалетное 90 г", 38.90, 72),
    ("Бумага туалетная двухслойная 4 рул.", 148.90, 12),
    ("Полотенца бумажные 2 рул.", 128.90, 12),
    ("Салфетки бумажные 100 шт", 58.90, 24),
    ("Губки для посуды 5 шт", 78.90, 40),
    ("Мешки для мусора 60 л 20 шт", 108.90, 30),
    ("Средство чистящее для ванной 500 мл", 178.90, 12),
    ("Отбеливатель «Белизна» 1 л", 68.90, 15),
    ("Освежитель воздуха 300 мл", 138.90, 12),
    ("Шампунь 400 мл", 238.90, 12),
)
_PRODUCTS = _FOOD + _HOUSEHOLD
_SKU_CODES = tuple(f"ПР-{101 + i:05d}" for i in range(len(_FOOD))) + tuple(
    f"БХ-{201 + i:05d}" for i in range(len(_HOUSEHOLD))
)

_MANAGERS = (
    "Смирнова Елена Андреевна",
    "Кузнецов Дмитрий Викторович",
    "Попова Ольга Николаевна",
    "Васильев Алексей Сергеевич",
    "Морозова Ирина Геннадьевна",
    "Новиков Павел Романович",
)
_MANAGER_WEIGHTS = (0.22, 0.20, 0.18, 0.16, 0.14, 0.10)

# Word lists for company names (masculine adjective + masculine noun agree).
_ADJECTIVES = (
    "Северный", "Южный", "Восточный", "Западный", "Волжский", "Уральский", "Сибирский",
    "Центральный", "Народный", "Городской", "Семейный", "Добрый", "Сытный", "Домашний",
    "Свежий", "Золотой", "Зелёный", "Торговый", "Продуктовый", "Новый", "Старый", "Русский",
    "Хлебный", "Вкусный", "Щедрый", "Удачный", "Верный", "Солнечный", "Речной", "Лесной",
)  # fmt: skip
_NOUNS = (
    "Двор", "Торг", "Альянс", "Маркет", "Регион", "Стандарт", "Продукт", "Партнёр", "Ресурс",
    "Дом", "Союз", "Гастроном", "Базар", "Амбар", "Край", "Берег", "Квартал", "Поставщик",
    "Склад", "Магазин", "Уголок", "Терем",
)  # fmt: skip
_PREFIXES = (
    "Прод", "Торг", "Агро", "Снаб", "Опт", "Гастро", "Евро", "Мега", "Нова", "Альфа",
    "Вега", "Регион", "Сити", "Север", "Волга", "Урал", "Дон", "Кама", "Ока", "Вятка",
)  # fmt: skip
_SUFFIXES = (
    "торг", "маркет", "снаб", "лайн", "трейд", "сервис", "опт", "пром", "союз", "плюс",
    "центр", "стар", "мир",
)  # fmt: skip
_SURNAMES = (
    "Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Соколов", "Михайлов", "Фёдоров",
    "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов",
    "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Борисов",
    "Яковлев", "Григорьев", "Романов", "Сергеев", "Кузьмин", "Фролов", "Дмитриев", "Гусев",
    "Киселёв", "Ильин", "Максимов", "Поляков", "Сорокин", "Виноградов", "Белов", "Медведев",
    "Антонов", "Тарасов", "Жуков", "Баранов", "Филиппов", "Комаров", "Давыдов", "Беляев",
    "Богданов", "Осипов", "Сидоров", "Матвеев", "Титов", "Марков", "Миронов", "Крылов",
    "Куликов", "Карпов", "Власов", "Мельников", "Денисов", "Гаврилов", "Тихонов", "Казаков",
)  # fmt: skip
_INITIALS = "АВГДЕИКЛМНОПРСТЮ"

# Mild seasonality of a food distributor by calendar month.
_SEASON = {
    1: 0.85, 2: 0.90, 3: 1.00, 4: 0.98, 5: 0.97, 6: 0.95,
    7: 0.93, 8: 0.97, 9: 1.02, 10: 1.05, 11: 1.08, 12: 1.20,
}  # fmt: skip

_AVG_MONTHLY_SALES_PER_CLIENT = 150_000.0  # rubles, sets the overall scale
_WORKDAYS_PER_MONTH = 21.0


def _add_months(d: date, k: int) -> date:
    m = d.year * 12 + d.month - 1 + k
    return date(m // 12, m % 12 + 1, 1)


def _holidays(first_year: int, last_year: int) -> np.ndarray:
    """Russian public holidays (without the moved weekends, good enough for demo data)."""
    days = []
    for y in range(first_year, last_year + 1):
        days += [date(y, 1, d) for d in range(1, 9)]
        days += [date(y, 2, 23), date(y, 3, 8), date(y, 5, 1), date(y, 5, 9)]
        days += [date(y, 6, 12), date(y, 11, 4)]
    return np.array(days, dtype="datetime64[D]")


def _company_names(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` unique client names; index 0 is the biggest client (rank order)."""
    cores = [a + " " + b for a in _ADJECTIVES for b in _NOUNS]
    brands = [p + s for p in _PREFIXES for s in _SUFFIXES if p.lower() != s]
    cores += brands + ["ТД " + b for b in brands]
    cores = np.array(cores, dtype=object)[rng.permutation(len(cores))]

    rank_pct = np.arange(n) / max(n, 1)
    u = rng.random(n)
    # Big clients are companies; among small ones many sole traders (ИП).
    form = np.where(
        rank_pct < 0.15,
        np.where(u < 0.8, "ООО", "АО"),
        np.where(u < 0.60, "ООО", np.where(u < 0.98, "ИП", "АО")),
    )
    is_ip = form == "ИП"
    n_corp, n_ip = int((~is_ip).sum()), int(is_ip.sum())

    if n_corp > len(cores):  # only for very large n_clients
        extra = [f"{c} {k}" for k in range(2, 2 + n_corp // len(cores)) for c in cores]
        cores = np.concatenate([cores, np.array(extra, dtype=object)])
    corp_core = cores[:n_corp]
    straight = rng.random(n_corp) < 0.06  # some cards typed with "" instead of «»
    left = np.where(straight, ' "', " «")
    right = np.where(straight, '"', "»")
    corp = form[~is_ip].astype(object) + left + corp_core + right

    n_s, n_i = len(_SURNAMES), len(_INITIALS)
    space = n_s * 2 * n_i * n_i
    # Distinct (surname, gender, initials) combinations; beyond that, numbered duplicates.
    ids = rng.choice(space, size=n_ip, replace=False) if n_ip <= space else np.arange(n_ip)
    s_idx, rest = ids % n_s, ids // n_s
    female, rest = rest % 2, rest // 2
    i1, i2 = rest % n_i, (rest // n_i) % n_i
    surname = np.array(_SURNAMES, dtype=object)[s_idx] + np.where(female == 1, "а", "")
    letters = np.array(list(_INITIALS), dtype=object)
    ip = "ИП " + surname + " " + letters[i1] + "." + letters[i2] + "."
    if n_ip > space:
        ip = ip + " (" + (ids // space + 1).astype(str).astype(object) + ")"

    names = np.empty(n, dtype=object)
    names[~is_ip] = corp
    names[is_ip] = ip
    return names


def _pick(rng: np.random.Generator, n: int, lo: int, hi: int, k: int, used: set[int]) -> np.ndarray:
    """Up to ``k`` distinct ranks from ``[lo, min(hi, n))`` not in ``used`` (adds them)."""
    pool = np.array([r for r in range(lo, min(hi, n)) if r not in used], dtype=np.int64)
    chosen = rng.choice(pool, size=min(k, len(pool)), replace=False) if len(pool) else pool
    used.update(int(r) for r in chosen)
    return np.sort(chosen)


def make_demo_lines(
    *,
    as_of: date = date(2026, 11, 20),
    months: int = 6,
    n_clients: int = 300,
    seed: int = 2026,
) -> pd.DataFrame:
    """Generate the demo sales lines (columns `COLUMNS`), see the module docstring."""
    if months < 1:
        raise ValueError("months must be at least 1")
    if n_clients < 1:
        raise ValueError("n_clients must be at least 1")
    rng = np.random.default_rng(seed)
    n, k_sku = n_clients, len(_PRODUCTS)

    # ---- calendar: `months` full months + the partial month up to as_of -------------
    first = date(as_of.year, as_of.month, 1)
    starts = [_add_months(first, k - months) for k in range(months + 1)]
    n_m = len(starts)
    hol = _holidays(starts[0].year, as_of.year)
    ends = [*starts[1:], date.fromordinal(as_of.toordinal() + 1)]
    bdays_per_month = []
    for s, e in zip(starts, ends, strict=True):
        days = np.arange(np.datetime64(s), np.datetime64(e), dtype="datetime64[D]")
        bdays_per_month.append(days[np.is_busday(days, holidays=hol)])
    nb = np.array([len(b) for b in bdays_per_month])
    bday_offset = np.concatenate([[0], np.cumsum(nb)[:-1]])
    all_bdays = np.concatenate(bdays_per_month)
    frac = nb / _WORKDAYS_PER_MONTH
    season = np.array([_SEASON[s.month] for s in starts])
    last_bday = np.busday_offset(np.datetime64(as_of), 0, roll="backward", holidays=hol)

    # ---- clients, ordered by size (rank 0 = biggest) ----------------------------------
    ranks = np.arange(n)
    size = (ranks + 1.0) ** -1.15 * rng.lognormal(0.0, 0.25, n)
    size = -np.sort(-size)
    if n > 24:  # near-key: a few clients just below place 20
        size[20:24] = size[19] * np.sort(rng.uniform(0.84, 0.97, 4))[::-1]
    size *= _AVG_MONTHLY_SALES_PER_CLIENT * n / size.sum()
    rel = size / size[0]

    rate = 0.6 + 11.0 * rel**0.5  # documents per full month
    lines_mean = 2.0 + 22.0 * rel**0.35
    rare = (ranks >= n // 3) & (rng.random(n) < 0.3)
    rate[rare] = rng.uniform(0.15, 0.5, int(rare.sum()))  # ship once every few months
    lines_mean[rare] += 3.0
    # List-price discount: none for the smaller ~70 %, up to 15 % for the biggest.
    log_s = np.log(size)
    floor = np.quantile(log_s, 0.7)
    disc = 0.15 * np.clip((log_s - floor) / max(log_s[0] - floor, 1e-9), 0.0, 1.0)
    disc = np.clip(disc + rng.normal(0.0, 0.01, n) * (disc > 0), 0.0, 0.15)
    manager = rng.choice(len(_MANAGERS), size=n, p=_MANAGER_WEIGHTS)
    names = _company_names(rng, n)

    # ---- stories: trend multipliers per client and month ------------------------------
    trend = np.ones((n, n_m))
    if months >= 3:
        m0, m1, m2 = months - 3, months - 2, months - 1  # last three full months
        used: set[int] = set()
        falling = _pick(rng, n, 1, 12, 4, used)
        f = len(falling)
        trend[falling, m1] = rng.uniform(0.70, 0.82, f)
        trend[falling, m2] = rng.uniform(0.45, 0.60, f)
        trend[falling, months] = trend[falling, m2] * rng.uniform(0.85, 1.0, f)
        gaps = np.concatenate([_pick(rng, n, 4, 19, 2, used), _pick(rng, n, 20, 60, 3, used)])
        gap_month = rng.integers(m0, m2 + 1, len(gaps))
        trend[gaps, gap_month] = 0.0
        catch_up = gap_month < m2  # a skipped month is partly made up in the next one
        trend[gaps[catch_up], gap_month[catch_up] + 1] = 1.6
        growing = _pick(rng, n, 24, 46, 2, used)
        trend[growing, m0:] = [1.15, 1.35, 1.55, 1.6]
        lost = _pick(rng, n, 40, 150, 3, used)
        trend[lost, m1:] = 0.0
        new = _pick(rng, n, 60, 200, 3, used)
        trend[new, :m0] = 0.0
    noise = rng.lognormal(0.0, 0.08, (n, n_m))

    # ---- documents per client and month (stochastic rounding keeps big clients regular)
    expected = rate[:, None] * frac[None, :] * np.sqrt(trend)
    n_docs = np.floor(expected + rng.random((n, n_m))).astype(np.int64)
    silent = n_docs.sum(axis=1) == 0  # every client ships at least once
    if silent.any():
        allowed = (trend[silent] > 0) & (nb[None, :] > 0)
        month = np.argmax(allowed * (1.0 + rng.random(allowed.shape)), axis=1)
        n_docs[np.flatnonzero(silent), month] = 1
    cell = np.repeat(np.arange(n * n_m), n_docs.ravel())
    d_client, d_month = cell // n_m, cell % n_m
    n_d = len(cell)
    day_idx = np.floor(rng.random(n_d) * nb[d_month]).astype(np.int64)
    d_date = all_bdays[bday_offset[d_month] + day_idx]
    d_revenue = (
        size[d_client]
        * season[d_month]
        * np.sqrt(trend[d_client, d_month])
        * noise[d_client, d_month]
        / rate[d_client]
        * rng.lognormal(0.0, 0.22, n_d)
    )

    # ---- lines: distinct SKUs per document (Gumbel top-k on client affinities) ---------
    n_lines = np.minimum(1 + rng.poisson(lines_mean[d_client]), 40)
    log_pop = rng.normal(0.0, 0.7, k_sku)
    affinity = log_pop[None, :] + rng.normal(0.0, 1.0, (n, k_sku))
    keys = affinity[d_client] + rng.gumbel(size=(n_d, k_sku))
    order = np.argsort(-keys, axis=1)
    take = np.arange(k_sku)[None, :] < n_lines[:, None]
    sku = np.sort(np.where(take, order, k_sku), axis=1)  # catalogue order inside a document
    sku = sku[sku < k_sku]
    l_doc = np.repeat(np.arange(n_d), n_lines)
    l_client, l_month = d_client[l_doc], d_month[l_doc]

    weight = rng.lognormal(0.0, 0.6, len(sku)) * np.exp(0.5 * log_pop[sku])
    weight /= np.bincount(l_doc, weights=weight, minlength=n_d)[l_doc]
    target = d_revenue[l_doc] * weight

    # ---- prices: list price revisions, client discount, occasional promo ---------------
    base = np.array([p[1] for p in _PRODUCTS])
    pack = np.array([p[2] for p in _PRODUCTS])
    revision = np.where(rng.random((k_sku, n_m)) < 0.12, rng.uniform(1.02, 1.08, (k_sku, n_m)), 1)
    revision[:, 0] = 1.0
    factor = np.cumprod(revision, axis=1)  # new prices end in .90 like the old ones
    list_price = np.where(factor == 1.0, base[:, None], np.round(base[:, None] * factor) - 0.1)
    unit_cost = np.round(list_price * rng.uniform(0.70, 0.85, k_sku)[:, None], 2)

    promo = np.where(rng.random(len(sku)) < 0.06, rng.uniform(0.01, 0.05, len(sku)), 0.0)
    line_disc = np.minimum(disc[l_client] + promo, 0.15)
    l_list = list_price[sku, l_month]
    price = np.minimum(np.round(l_list * (1.0 - line_disc), 2), l_list)
    raw_qty = target / price
    qty = np.where(
        raw_qty >= pack[sku],
        pack[sku] * np.round(raw_qty / pack[sku]),
        np.maximum(1.0, np.round(raw_qty)),
    ).astype(np.int64)

    sales = pd.DataFrame(
        {
            "doc": l_doc,
            "client": l_client,
            "date": d_date[l_doc],
            "sku": sku,
            "qty": qty,
            "price": price,
            "list": l_list,
            "cost": unit_cost[sku, l_month],
            "kind": 0,
        }
    )

    # ---- cancelled duplicates: ~1 % of documents entered twice, one copy cancelled ----
    perm = rng.permutation(n_d)
    dup_docs = np.sort(perm[np.cumsum(n_lines[perm]) <= 0.01 * len(sku)])
    dup = sales[np.isin(sales["doc"].to_numpy(), dup_docs)].copy()
    dup["doc"] = n_d + np.searchsorted(dup_docs, dup["doc"].to_numpy())
    dup["kind"] = 1

    # ---- returns: ~1.5 % of lines, part of an earlier shipment comes back -------------
    cutoff = np.busday_offset(last_bday, -3, holidays=hol)
    candidates = np.flatnonzero(sales["date"].to_numpy() <= cutoff)
    n_ret = min(len(candidates), int(round(0.015 * len(sales))))
    src = np.sort(rng.choice(candidates, size=n_ret, replace=False))
    ret = sales.iloc[src].copy()
    ret_date = np.busday_offset(
        ret["date"].to_numpy().astype("datetime64[D]"),
        rng.integers(1, 11, n_ret),
        roll="forward",
        holidays=hol,
    )
    ret["date"] = np.minimum(ret_date, last_bday)
    ret_qty = np.maximum(1, np.round(ret["qty"].to_numpy() * rng.uniform(0.03, 0.3, n_ret)))
    ret["qty"] = -ret_qty.astype(np.int64)
    ret["doc"] = n_d + len(dup_docs) + np.arange(n_ret)  # one document per return
    ret["kind"] = 2

    lines = pd.concat([sales, dup, ret], ignore_index=True)

    # ---- document numbers in date order, separate series for sales and returns --------
    n_all = n_d + len(dup_docs) + n_ret
    doc_kind = np.zeros(n_all, dtype=np.int64)
    doc_kind[lines["doc"].to_numpy()] = lines["kind"].to_numpy()
    doc_date = np.empty(n_all, dtype="datetime64[D]")
    doc_date[lines["doc"].to_numpy()] = lines["date"].to_numpy().astype("datetime64[D]")
    doc_order = np.lexsort((rng.random(n_all), doc_date))
    doc_rank = np.empty(n_all, dtype=np.int64)
    doc_rank[doc_order] = np.arange(n_all)
    is_ret = doc_kind[doc_order] == 2
    number = np.empty(n_all, dtype=np.int64)
    number[doc_order[~is_ret]] = rng.integers(1200, 2400) + np.arange(int((~is_ret).sum()))
    number[doc_order[is_ret]] = rng.integers(40, 120) + np.arange(int(is_ret.sum()))
    doc_name = np.where(doc_kind == 2, RETURN_DOC + " ", SALE_DOC + " ").astype(object) + (
        pd.Series(number).astype(str).str.zfill(6).to_numpy(dtype=object)
    )

    lines["rank"] = doc_rank[lines["doc"].to_numpy()]
    lines = lines.sort_values(["rank", "sku"], kind="stable", ignore_index=True)

    # ---- client names as typed in the export: a few cards with stray spaces/case -------
    client = lines["client"].to_numpy()
    messy = rng.random(n) < 0.04
    variant = np.array(names, dtype=object)
    vk = rng.integers(0, 4, n)
    variant = np.where(vk == 0, " " + variant, variant + " ")
    variant = np.where(vk == 3, pd.Series(names).str.upper().to_numpy(dtype=object), variant)
    use_variant = messy[client] & (rng.random(len(lines)) < 0.35)
    client_name = np.where(use_variant, variant[client], names[client])

    qty = lines["qty"].to_numpy()
    price = lines["price"].to_numpy()
    sku = lines["sku"].to_numpy()
    product_names = np.array([p[0] for p in _PRODUCTS], dtype=object)
    codes = np.array(_SKU_CODES, dtype=object)
    managers = np.array(_MANAGERS, dtype=object)
    status = np.where(lines["kind"].to_numpy() == 1, STATUS_CANCELLED, STATUS_POSTED)

    out = pd.DataFrame(
        {
            "Дата": lines["date"].to_numpy().astype("datetime64[D]").astype(object),
            "Документ": doc_name[lines["doc"].to_numpy()],
            "Контрагент": client_name,
            "Номенклатура": product_names[sku],
            "Артикул": codes[sku],
            "Количество": qty.astype(np.int64),
            "Цена": price.astype(np.float64),
            "Цена по прайсу": lines["list"].to_numpy(dtype=np.float64),
            "Сумма": np.round(qty * price, 2),
            "Себестоимость": np.round(qty * lines["cost"].to_numpy(), 2),
            "Менеджер": managers[manager[client]],
            "Статус": status.astype(object),
        },
        columns=list(COLUMNS),
    )
    return out
