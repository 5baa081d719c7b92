"""The daily cash forecast (DESIGN.md §7): a realistic curve, a P10–P50–P90 band, the
lowest point, « à l'abri jusqu'au », the probability of going under the alert threshold.

Scenarios change the inputs, never the history: client delays, invoices never paid,
revenue and expenses, one-off events.

The realistic curve is the balance to expect: an open invoice counts on each day for its
client's chance of paying it that day (what errs least, day by day, when a big payment may
come a week sooner or later); lists show it on its most likely day.

Day 0 is today as known: the bank balance, plus what surely moves today (a bill already
owed, a one-off event). Money not in the bank yet — a client's payment, the usual activity —
lands tomorrow at the earliest. The band comes from sampled futures that share that start
and every known flow with the curve and differ only where the future is uncertain:
- when clients pay: a future is a quantile of the clients' own habits, spread around each
  invoice's expected date (the same quantile for every open invoice: a month when clients
  pay late is late for all of them);
- how much the usual activity of each month varies (independent draws, seeded).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from statistics import NormalDist

import numpy as np

from .calendar import next_bank_day

FINANCING_DELAY_DAYS = 2  # a financed invoice's cash arrives two days later
DEFAULT_FINANCING_FEE_BP = 395  # the financer's usual fee: 3.95 % of the invoice
FRENCH_B2B_DELAY_DAYS = 13  # 42.7 days on average minus 30 days of terms (DESIGN.md §7)
DELAY_SPREAD_DAYS = 10  # spread assumed for a client without any paid invoice yet
LATE_GRACE_DAYS = 7  # a late invoice later than all its client's habits: a week from now
ANCHOR_MIN_PAID = 3  # paid invoices needed to tell whether a client pays by issue date
PROBABLE_RECEIPTS = (
    "Encaissements clients pondérés (factures ouvertes)"  # invoices' shares of a day
)
ESTIMATES = ("habituel", "probable")  # kinds of flow that are estimates, not échéances
CURVE_QUANTILES = 1000  # quantiles of each client's habits the realistic curve counts
KEPT_DRAWS = 2  # sets of dice kept per inputs (~6 MB each: 1,000 paths × 1 year, large firm)


@dataclass(frozen=True)
class Receivable:
    """An open client invoice: what is still owed and the client's past delays."""

    number: str  # the invoice number: what a financing scenario names
    due_on: date
    amount_cents: int
    delays: tuple[int, ...] = ()  # days between due date and payment, paid invoices
    category: str = "Clients"  # the category client payments are booked under
    client: str = ""
    issued_on: date | None = None
    issue_delays: tuple[int, ...] = ()  # days between issue date and payment, same invoices
    # How much of its invoice each of those payments brought (an instalment, a deposit):
    # the client's habit is when its money comes, not only when an invoice is complete.
    # Empty: each counts the same.
    shares: tuple[float, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.client} — {self.number}" if self.client else self.number


@dataclass(frozen=True)
class Flow:
    """A movement at a known date: a bill, a recurring item, a baseline share, an event."""

    on: date
    amount_cents: int  # inflow > 0, outflow < 0
    label: str
    category: str
    kind: str  # fournisseur / récurrent / habituel / événement
    spread: float = 0.0  # usual activity: how much its month varies (sampled for the band)


@dataclass(frozen=True)
class Scenario:
    """What-if knobs. Percentages in whole points, shares in basis points (1 % = 100)."""

    name: str = "realiste"
    client_delay_days: int = 0  # added to every client's delay
    unpaid_bp: int = 0  # share of open invoices never paid
    revenue_pct: int = 0  # applied to the usual (baseline) inflows
    expenses_pct: int = 0  # applied to the usual and recurring outflows
    events: tuple[Flow, ...] = ()  # one-off: a big order, an investment, a tax adjustment
    financed: tuple[str, ...] = ()  # numbers of the invoices advanced by a financer
    financing_fee_bp: int = DEFAULT_FINANCING_FEE_BP


# The three presets of a planning session, each a starting point for the sliders:
# - optimiste: clients pay 5 days sooner than they usually do, +5 % revenue, −3 % expenses;
# - réaliste: the company's own habits, learned from its history, unchanged;
# - pessimiste: clients 15 days later than usual, 5 % of open invoices never paid (about
#   what French SMEs write off in a bad year), −10 % revenue, +5 % expenses.
PRESETS = {
    "optimiste": Scenario("optimiste", client_delay_days=-5, revenue_pct=5, expenses_pct=-3),
    "realiste": Scenario("realiste"),
    "pessimiste": Scenario(
        "pessimiste", client_delay_days=15, unpaid_bp=500, revenue_pct=-10, expenses_pct=5
    ),
}


@dataclass(frozen=True)
class ForecastInput:
    as_of: date
    horizon_days: int
    balance_cents: int  # the bank balance now; today's expected movements still land today
    threshold_cents: int
    receivables: tuple[Receivable, ...] = ()
    flows: tuple[Flow, ...] = ()  # bills, recurring items, baseline
    company_delay_days: float | None = None  # mean over every client, when known
    under_since: date | None = None  # the bank balance is under the threshold since that day

    # Worked out once per inputs: the planner forecasts the same inputs on every slider
    # move, and only the knobs change.

    @cached_property
    def delay_models(self) -> tuple[tuple[np.ndarray, float], ...]:
        """Per open invoice: the delays still possible and the typical one."""
        models = []
        for receivable in self.receivables:
            possible = possible_delays(receivable, self.as_of)
            typical = _typical_delay(receivable, self.as_of, self.company_delay_days, possible)
            models.append((possible, typical))
        return tuple(models)

    @cached_property
    def due_offsets(self) -> np.ndarray:
        """Each open invoice's due date, in days from `as_of`."""
        return np.array([(r.due_on - self.as_of).days for r in self.receivables], dtype=np.int64)

    @cached_property
    def bank_day_offsets(self) -> np.ndarray:
        """Day offset → offset of the next bank day (money does not arrive on a Sunday);
        the extra last entry stands for « after the horizon »."""
        days = range(self.horizon_days + 1)
        return np.array(
            [(next_bank_day(self.as_of + timedelta(days=k)) - self.as_of).days for k in days]
            + [self.horizon_days + 1]
        )

    @cached_property
    def usual_months(self) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], ...]:
        """The estimates (usual activity, documents to come) month by month: its day offsets,
        then a row per estimate and direction: amounts by day, the month's usual variation,
        money in or not."""
        months: dict[tuple[int, int], dict[tuple[str, bool], tuple[float, dict[int, int]]]] = {}
        for flow in self.flows:
            position = (flow.on - self.as_of).days
            if flow.kind != "habituel" or not flow.spread or not 1 <= position <= self.horizon_days:
                continue  # (a flow given for today is known: it does not vary)
            rows = months.setdefault((flow.on.year, flow.on.month), {})
            # One row per kind of estimate (the usual activity of a category, the invoices
            # to come…): each varies as its own history did.
            _, by_day = rows.setdefault((flow.label, flow.amount_cents > 0), (flow.spread, {}))
            by_day[position] = by_day.get(position, 0) + flow.amount_cents
        result = []
        for rows in months.values():
            positions = sorted({p for _, by_day in rows.values() for p in by_day})
            column = {p: k for k, p in enumerate(positions)}
            amounts = np.zeros((len(rows), len(positions)))
            for row, (_, by_day) in enumerate(rows.values()):
                for position, cents in by_day.items():
                    amounts[row, column[position]] = cents
            spreads = np.array([spread for spread, _ in rows.values()])
            inflow = np.array([is_inflow for _, is_inflow in rows])
            result.append((np.array(positions), amounts, spreads, inflow))
        return tuple(result)

    @cached_property
    def _arrivals(self) -> dict[int, np.ndarray]:
        return {}

    def arrivals(self, extra_days: int) -> np.ndarray:
        """How many of CURVE_QUANTILES evenly spaced quantiles of its client's habits bring
        each open invoice by each day (open invoices × days + 1, the last: after the
        horizon), with a scenario's `extra_days`: the chances the realistic curve counts
        it for, whatever number of futures the band samples. Kept per delay, as the
        draws: a slider move only weighs them again."""
        found = self._arrivals.get(extra_days)
        if found is None:
            quantiles = (np.arange(CURVE_QUANTILES) + 0.5) / CURVE_QUANTILES
            delays = _delays_at(self, quantiles) + extra_days
            offsets = _receipt_offsets(self, self.horizon_days + 1, delays)
            found = _arrived_by(offsets, self.horizon_days + 1)
            if len(self._arrivals) >= KEPT_DRAWS:
                self._arrivals.pop(next(iter(self._arrivals), None), None)
            self._arrivals[extra_days] = found
        return found

    @cached_property
    def _draws(self) -> dict[tuple[int, int], Draws]:
        return {}

    def draws(self, paths: int, seed: int) -> Draws:
        """The random part of the band, drawn once per (paths, seed) and kept: a slider move
        changes the knobs, not the dice, so the band moves with the knobs alone, and the
        draws (most of the sampling's cost) are not paid again on every move."""
        found = self._draws.get((paths, seed))
        if found is None:  # (two worker threads may both throw: same dice, same seed)
            found = _throw(self, paths, np.random.default_rng(seed))
            if len(self._draws) >= KEPT_DRAWS:
                self._draws.pop(next(iter(self._draws), None), None)
            self._draws[(paths, seed)] = found
        return found


@dataclass(frozen=True)
class Draws:
    """The dice of `paths` sampled futures, thrown once per inputs (see `ForecastInput.draws`)."""

    delays: np.ndarray  # open invoices × paths: days after the due date
    usual_in: np.ndarray  # paths × days: variation of the usual inflows, in cents
    usual_out: np.ndarray  # paths × days: variation of the usual outflows, in cents


@dataclass
class Forecast:
    days: list[date]
    realistic: np.ndarray  # end-of-day balance in cents, one per day, from as_of
    p10: np.ndarray
    p50: np.ndarray
    p90: np.ndarray
    lowest_on: date
    lowest_cents: int
    safe_until: date | None  # first day the realistic curve is under the threshold
    under_since: date | None  # under it today already: since when (`as_of` if not known)
    probability_below: float  # share of sampled paths going under the threshold
    # What makes the realistic curve, day by day. A client's payment is not known to the
    # day: each open invoice counts on each day for its chance of being paid that day (the
    # « probable » flows, per category), so the curve is the balance to expect.
    events: dict[date, list[Flow]] = field(default_factory=dict)
    # Each open invoice on the day its client most likely pays it (for lists and agendas;
    # its amount is in `events` as probable shares, not on that day alone).
    expected: dict[date, list[Flow]] = field(default_factory=dict)


def forecast(
    inputs: ForecastInput, scenario: Scenario | None = None, paths: int = 1000, seed: int = 7
) -> Forecast:
    """The realistic curve of `scenario` from `inputs`, with its band from `paths` sampled
    futures (same seed, same band)."""
    scenario = scenario or PRESETS["realiste"]
    days = [inputs.as_of + timedelta(days=offset) for offset in range(inputs.horizon_days + 1)]
    index = {day: position for position, day in enumerate(days)}
    movements = np.zeros(len(days), dtype=np.int64)
    events: dict[date, list[Flow]] = {}

    for flow in (*inputs.flows, *scenario.events, *_advances(inputs, scenario)):
        cents = _scaled(flow, scenario)
        position = index.get(flow.on)
        if position is None or cents == 0:
            continue
        movements[position] += cents
        if cents != flow.amount_cents:  # built directly: `replace` is slow on 2,000 flows
            flow = Flow(flow.on, cents, flow.label, flow.category, flow.kind, flow.spread)
        events.setdefault(flow.on, []).append(flow)

    known = movements.copy()  # without the receipts, which the paths sample instead
    expected = _expected_amounts(inputs, scenario)
    draws = inputs.draws(paths, seed)
    shares = _receipt_shares(
        np.array(expected, dtype=np.int64), inputs.arrivals(scenario.client_delay_days)
    )
    for category in sorted({r.category for r in inputs.receivables}):
        rows = [k for k, r in enumerate(inputs.receivables) if r.category == category]
        for position in np.flatnonzero(by_day := shares[rows].sum(axis=0)):
            cents = int(by_day[position])
            movements[position] += cents
            flow = Flow(days[position], cents, PROBABLE_RECEIPTS, category, "probable")
            events.setdefault(flow.on, []).append(flow)
    likely: dict[date, list[Flow]] = {}
    for receivable, cents, (_, typical) in zip(
        inputs.receivables, expected, inputs.delay_models, strict=True
    ):
        on = _receipt_day(receivable, inputs.as_of, typical, scenario.client_delay_days)
        if on in index and cents:
            flow = Flow(on, cents, receivable.label, receivable.category, "facture")
            likely.setdefault(on, []).append(flow)

    realistic = inputs.balance_cents + np.cumsum(movements)
    offsets = _receipt_offsets(inputs, len(days), draws.delays + scenario.client_delay_days)
    receipts = _sampled_receipts(offsets, expected, len(days))
    revenue, expenses = 1 + scenario.revenue_pct / 100, 1 + scenario.expenses_pct / 100
    noise = np.rint(revenue * draws.usual_in + expenses * draws.usual_out).astype(np.int64)
    sampled = inputs.balance_cents + np.cumsum(known[None, :] + receipts + noise, axis=1)
    p10, p50, p90 = np.percentile(sampled, [10, 50, 90], axis=0).round().astype(np.int64)
    # The curve is an expectation: a big payment unlikely on a day yet possible moves it a
    # little when fewer than one future in ten has it; the band still holds the curve.
    p10, p90 = np.minimum(p10, realistic), np.maximum(p90, realistic)
    lowest = int(np.argmin(realistic))
    under = np.flatnonzero(realistic < inputs.threshold_cents)
    under_today = bool(under.size) and under[0] == 0
    return Forecast(
        days=days,
        realistic=realistic,
        p10=p10,
        p50=p50,
        p90=p90,
        lowest_on=days[lowest],
        lowest_cents=int(realistic[lowest]),
        safe_until=days[int(under[0])] if under.size else None,
        under_since=(inputs.under_since or inputs.as_of) if under_today else None,
        probability_below=float(np.mean((sampled < inputs.threshold_cents).any(axis=1))),
        events=events,
        expected=likely,
    )


def _advances(inputs: ForecastInput, scenario: Scenario) -> list[Flow]:
    """A financed invoice is paid by the financer two days from now, minus the fee; the
    client's payment then goes to the financer, not to the company. The inputs stay as they
    are, and so do the tables worked out from them."""
    if not scenario.financed:
        return []
    chosen = set(scenario.financed)
    on = next_bank_day(inputs.as_of + timedelta(days=FINANCING_DELAY_DAYS))
    return [
        Flow(
            on,
            r.amount_cents - round(r.amount_cents * scenario.financing_fee_bp / 10_000),
            f"Financement {r.label}",
            r.category,
            "financement",
        )
        for r in inputs.receivables
        if r.number in chosen
    ]


def _scaled(flow: Flow, scenario: Scenario) -> int:
    """Revenue and expense knobs move the usual activity and the recurring charges only:
    an invoice or a bill already written does not grow."""
    if flow.kind == "habituel" and flow.amount_cents > 0:
        return round(flow.amount_cents * (100 + scenario.revenue_pct) / 100)
    if flow.kind in ("habituel", "récurrent") and flow.amount_cents < 0:
        return round(flow.amount_cents * (100 + scenario.expenses_pct) / 100)
    return flow.amount_cents


def _expected_amounts(inputs: ForecastInput, scenario: Scenario) -> list[int]:
    """What each open invoice brings, on the curve and on every sampled future alike: the
    share of invoices never paid is an expected loss on each, and a financed invoice is
    paid to the financer (its advance is a flow of its own)."""
    keep = 1 - scenario.unpaid_bp / 10_000
    financed = set(scenario.financed)
    return [0 if r.number in financed else round(r.amount_cents * keep) for r in inputs.receivables]


def client_habits(receivable: Receivable) -> np.ndarray:
    """The client's past delays after the due date, for this invoice. Some clients pay a set
    number of days after the invoice whatever its terms (« fin de mois » moves the due date
    by up to a month): when the days after issue vary less than the days after the due date
    (median absolute deviation), the habit is read from the issue date, then moved to this
    invoice's due date."""
    delays = np.asarray(receivable.delays, dtype=np.int64)
    from_issue = np.asarray(receivable.issue_delays, dtype=np.int64)
    if (
        receivable.issued_on is None
        or from_issue.size != delays.size
        or delays.size < ANCHOR_MIN_PAID
        or _deviation(from_issue) >= _deviation(delays)
    ):
        return delays
    return from_issue - (receivable.due_on - receivable.issued_on).days


def _deviation(values: np.ndarray) -> float:
    return float(np.median(np.abs(values - np.median(values))))


def possible_delays(receivable: Receivable, as_of: date) -> tuple[np.ndarray, np.ndarray]:
    """The client's past delays that are still possible, sorted, and how likely each is (the
    share of an invoice each payment brought): an invoice already 20 days late will not be
    paid 10 days late. None left: it is later than ever, a week from today."""
    late = (as_of - receivable.due_on).days
    delays = client_habits(receivable)
    shares = np.asarray(receivable.shares, dtype=np.float64)
    if shares.size != delays.size:
        shares = np.ones(delays.size)
    still = delays >= late
    if delays.size and not (still.any() and shares[still].sum() > 0):
        return np.array([late + LATE_GRACE_DAYS]), np.ones(1)
    order = np.argsort(delays[still], kind="stable")
    odds = shares[still][order]
    return delays[still][order], odds / odds.sum() if odds.size else odds


def _quantile(values: np.ndarray, odds: np.ndarray, quantiles) -> np.ndarray:
    """Quantiles of sorted values each as likely as `odds` says, read between them (each
    value at the middle of its probability): equally likely values give the usual median."""
    middles = np.cumsum(odds) - odds / 2
    return np.interp(quantiles, middles, values)


def _typical_delay(receivable, as_of, company_delay_days, possible) -> float:
    """The median of the still possible delays (what errs least in days), else the company's
    mean delay, else the French B2B average; never earlier than today."""
    values, odds = possible
    if values.size:
        return float(_quantile(values, odds, 0.5))
    late = (as_of - receivable.due_on).days
    fallback = FRENCH_B2B_DELAY_DAYS if company_delay_days is None else company_delay_days
    return fallback if fallback >= late else late + LATE_GRACE_DAYS


def expected_receipt(
    receivable: Receivable, as_of: date, company_delay_days: float | None, extra_days: int = 0
) -> date:
    """Due date + the typical delay (+ a scenario's), on a bank day, tomorrow at the
    earliest: what is not in the bank yet is not today's cash."""
    possible = possible_delays(receivable, as_of)
    typical = _typical_delay(receivable, as_of, company_delay_days, possible)
    return _receipt_day(receivable, as_of, typical, extra_days)


def _receipt_day(receivable: Receivable, as_of: date, typical: float, extra_days: int) -> date:
    delay = round(typical) + extra_days
    tomorrow = as_of + timedelta(days=1)
    return next_bank_day(max(receivable.due_on + timedelta(days=delay), tomorrow))


def _throw(inputs: ForecastInput, paths: int, rng) -> Draws:
    """Each open invoice's delay on each path, and the usual activity of each month varying
    as it did in the past. Path k stands for the quantile u = (k + ½) / paths of every
    client's habits at once (`_delays_at`): a month when clients pay late is late for all
    of them, so each day's receipts fall as u grows."""
    delays = _delays_at(inputs, (np.arange(paths) + 0.5) / paths)
    # One draw per path, category and month scales that month's usual amounts (never below
    # zero); split by direction, as the revenue and expense knobs scale them apart.
    usual_in = np.zeros((paths, inputs.horizon_days + 1))
    usual_out = np.zeros_like(usual_in)
    for positions, amounts, spreads, inflow in inputs.usual_months:
        factors = np.maximum(rng.normal(1.0, spreads, (paths, len(spreads))), 0.0) - 1.0
        usual_in[:, positions] += factors[:, inflow] @ amounts[inflow]
        usual_out[:, positions] += factors[:, ~inflow] @ amounts[~inflow]
    return Draws(delays, usual_in, usual_out)


def _receipt_offsets(inputs: ForecastInput, horizon: int, delays: np.ndarray) -> np.ndarray:
    """The day (offset from `as_of`) each open invoice arrives after each of its `delays`
    (open invoices × futures): the next bank day, tomorrow at the earliest, `horizon` for
    after the horizon."""
    if not inputs.receivables:
        return np.zeros((0, delays.shape[1]), dtype=np.int64)
    offsets = np.clip(inputs.due_offsets[:, None] + delays, 1, horizon)
    return np.minimum(inputs.bank_day_offsets[offsets], horizon)


def _arrived_by(offsets: np.ndarray, horizon: int) -> np.ndarray:
    """Per open invoice, how many of its futures have brought it by each day (open invoices
    × days + 1, the last one: after the horizon)."""
    count = offsets.shape[0]
    flat = (np.arange(count)[:, None] * (horizon + 1) + offsets).ravel()
    times = np.bincount(flat, minlength=count * (horizon + 1)).reshape(count, horizon + 1)
    return np.cumsum(times, axis=1)


def _receipt_shares(expected: np.ndarray, arrived: np.ndarray) -> np.ndarray:
    """Each open invoice's `expected` cents spread over the days it may arrive, as often as
    its quantiles bring it then (open invoices × days; what arrives after the horizon is
    left out). Rounded as a running total, so each invoice adds up to the cent."""
    running = (expected[:, None] * arrived * 2 + CURVE_QUANTILES) // (2 * CURVE_QUANTILES)
    return np.diff(running, axis=1, prepend=0)[:, :-1]


def _delays_at(inputs: ForecastInput, quantiles: np.ndarray) -> np.ndarray:
    """Each open invoice's delay at each of `quantiles` of its client's habits (open
    invoices × quantiles): the typical delay, moved by how far the still possible past
    delays at that quantile are from their median, read between them; a normal spread for
    a client never paid yet."""
    normal = DELAY_SPREAD_DAYS * np.array([NormalDist().inv_cdf(q) for q in quantiles])
    delays = np.empty((len(inputs.receivables), len(quantiles)), dtype=np.int64)
    for row, (possible, typical) in enumerate(inputs.delay_models):
        spread = normal  # a client never paid yet
        values, odds = possible
        if values.size:
            spread = _quantile(values, odds, quantiles) - _quantile(values, odds, 0.5)
        delays[row] = np.rint(typical + spread)
    return delays


def _sampled_receipts(offsets: np.ndarray, expected: list[int], horizon: int) -> np.ndarray:
    """Receipts of the sampled futures (paths × days): each open invoice's `expected` amount
    on its day in each future. Vectorised over invoices and paths: a large company has
    hundreds of open invoices."""
    paths = offsets.shape[1]
    if not offsets.size:
        return np.zeros((paths, horizon), dtype=np.int64)
    weights = np.broadcast_to(np.array(expected, dtype=np.float64)[:, None], offsets.shape)
    flat = (np.arange(paths)[None, :] * (horizon + 1) + offsets).ravel()
    # Float weights stay exact: cents are far below 2**53.
    receipts = np.bincount(flat, weights=weights.ravel(), minlength=paths * (horizon + 1))
    return np.rint(receipts.reshape(paths, horizon + 1)[:, :horizon]).astype(np.int64)


@dataclass(frozen=True)
class MonthTotals:
    month: str  # YYYY-MM
    inflows_cents: int  # all the money in
    outflows_cents: int  # all the money out (negative)
    by_category: dict[str, int]  # net per category
    inflows_by_category: dict[str, int]
    outflows_by_category: dict[str, int]  # negative
    closing_cents: int  # the realistic balance on the month's last forecast day
    through: date  # the month's last forecast day
    partial: bool  # the horizon ends before the month does
    since: date | None = None  # the month's first forecast day (today, in the first month)


def monthly_table(result: Forecast) -> list[MonthTotals]:
    """The realistic curve's movements by month and category (the table under the chart):
    what comes in and what goes out, each on its own, never a net passed for either."""
    months: dict[str, tuple[dict[str, int], dict[str, int]]] = {}
    since: dict[str, date] = {}
    through: dict[str, date] = {}
    closing: dict[str, int] = {}
    for day, balance in zip(result.days, result.realistic, strict=True):
        months.setdefault(f"{day:%Y-%m}", ({}, {}))
        since.setdefault(f"{day:%Y-%m}", day)
        through[f"{day:%Y-%m}"], closing[f"{day:%Y-%m}"] = day, int(balance)
    for day, flows in sorted(result.events.items()):
        money_in, money_out = months[f"{day:%Y-%m}"]
        for flow in flows:
            side = money_in if flow.amount_cents > 0 else money_out
            side[flow.category] = side.get(flow.category, 0) + flow.amount_cents
    return [
        MonthTotals(
            month,
            sum(money_in.values()),
            sum(money_out.values()),
            _net(money_in, money_out),
            dict(sorted(money_in.items())),
            dict(sorted(money_out.items())),
            closing[month],
            through[month],
            (through[month] + timedelta(days=1)).month == through[month].month,
            since[month],
        )
        for month, (money_in, money_out) in months.items()
    ]


def _net(money_in: dict[str, int], money_out: dict[str, int]) -> dict[str, int]:
    net = dict(money_in)
    for category, cents in money_out.items():
        net[category] = net.get(category, 0) + cents
    return dict(sorted(net.items()))


@dataclass(frozen=True)
class PlanRow:
    label: str
    kind: str  # in / out (a category) or total
    cents: tuple[int, ...]  # one per month


def cash_plan(table: list[MonthTotals], totals: dict[str, str]) -> list[PlanRow]:
    """The accountant's « plan de trésorerie »: the cash the month starts with, the money
    in by category, then the money out (each biggest first; a category with both has a row
    on each side), then the totals and the month-end cash. `totals` names the five total
    rows: keys start, in, out, net, end."""
    rows = [
        *_side_rows(table, "in", lambda m: m.inflows_by_category),
        *_side_rows(table, "out", lambda m: m.outflows_by_category),
    ]
    opening = tuple(m.closing_cents - m.inflows_cents - m.outflows_cents for m in table)
    return [
        PlanRow(totals["start"], "total", opening),
        *rows,
        PlanRow(totals["in"], "total", tuple(m.inflows_cents for m in table)),
        PlanRow(totals["out"], "total", tuple(m.outflows_cents for m in table)),
        PlanRow(totals["net"], "total", tuple(m.inflows_cents + m.outflows_cents for m in table)),
        PlanRow(totals["end"], "total", tuple(m.closing_cents for m in table)),
    ]


def _side_rows(table: list[MonthTotals], kind: str, side) -> list[PlanRow]:
    totals: dict[str, int] = {}
    for month in table:
        for category, cents in side(month).items():
            totals[category] = totals.get(category, 0) + cents
    order = sorted(totals, key=lambda c: (-abs(totals[c]), c))
    return [PlanRow(c, kind, tuple(side(m).get(c, 0) for m in table)) for c in order]
