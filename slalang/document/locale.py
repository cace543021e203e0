"""The words of a rendered contract in English and Chinese, and numbers, dates and units per locale.

`PHRASES` holds every sentence of the document once per language, with `{placeholders}` for
values from the contract; a new clause of the language is one entry here and one block in the
templates. Values are formatted here (`Locale.quantity`, `Locale.day`, ...) and escaped by the
caller for the output format.
"""

# Chinese phrases use full-width punctuation, and both languages the en dash of ranges:
# ruff: noqa: RUF001

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from slalang import fmt
from slalang.model import (
    Amount,
    BusinessDuration,
    CalendarSpan,
    Duration,
    Money,
    Percent,
    Quantity,
    Units,
    Window,
)

Language = Literal["en", "zh"]

# key: (English, Chinese)
PHRASES: dict[str, tuple[str, str]] = {
    "title": ("Service level agreement: {name}", "服务等级协议：{name}"),
    "version": ("Version {version}.", "版本 {version}。"),
    "parties": (
        "Provider: {provider}. Customer: {customer}.",
        "服务方：{provider}。客户：{customer}。",
    ),
    "effective": ("In force from {start} to {end}.", "有效期自 {start} 至 {end}。"),
    "effective_open": (
        "In force from {start}, with no end date.",
        "自 {start} 起生效，未约定终止日期。",
    ),
    "timezone": (
        "Times are in {zone} unless a clause says otherwise.",
        "除另有约定外，时间均以 {zone} 时区计。",
    ),
    "currency": ("Money is in {currency}.", "金额以 {currency} 计。"),
    "fee": ("Fee base {id}: {title}{excluding}.", "费用基数 {id}：{title}{excluding}。"),
    "fee_excluding": (", excluding what was paid with vouchers", "，不含代金券支付部分"),
    "period": ("Each objective is measured per {period}.", "各项指标按{period}计量。"),
    "calendar": ("{title}: open {hours} ({zone}).", "{title}：{hours}（{zone}）。"),
    "calendar_holidays": ("Closed on the public holidays of {code}.", "{code} 法定节假日不计。"),
    "calendar_closed": ("Also closed on {dates}.", "另于 {dates} 不计。"),
    "service": ("{id}: {title}", "{id}：{title}"),
    "downtime": (
        "{id} ({title}) counts as down when: {condition}.",
        "{id}（{title}）在以下情况下视为不可用：{condition}。",
    ),
    "services": ("Covers: {services}.", "适用于：{services}。"),
    "target_availability": (
        "The provider promises availability {cmp} {value} per period.",
        "服务方承诺每个计量周期的可用性{cmp} {value}。",
    ),
    "target_success_rate": (
        "The provider promises a success rate {cmp} {value} per period.",
        "服务方承诺每个计量周期的成功率{cmp} {value}。",
    ),
    "target_latency": (
        "The provider promises {statistic} latency {cmp} {value} per period.",
        "服务方承诺每个计量周期的 {statistic} 延迟{cmp} {value}。",
    ),
    "down_when": ("It counts as down when: {condition}.", "以下情况视为不可用：{condition}。"),
    "slice": ("Time is counted in slices of {slice}.", "时间按 {slice} 的时间片计算。"),
    "slice_exact": ("Time is counted exactly, without slices.", "时间按实际时长精确计算。"),
    "partial_down": (
        "A slice that is partly down counts as wholly down.",
        "部分不可用的时间片整体计为不可用。",
    ),
    "partial_up": ("A slice that is partly down counts as up.", "部分不可用的时间片计为可用。"),
    "partial_proportional": (
        "A slice that is partly down counts in proportion.",
        "部分不可用的时间片按比例计算。",
    ),
    "minimum_run": ("Outages shorter than {length} do not count.", "短于 {length} 的中断不计。"),
    "minimum_volume": (
        "A period with fewer than {count} {noun} is not assessed.",
        "请求量少于 {count} {noun}的周期不予评估。",
    ),
    "missing_up": ("Time without monitoring data counts as up.", "无监控数据的时间计为可用。"),
    "missing_down": (
        "Time without monitoring data counts as down.",
        "无监控数据的时间计为不可用。",
    ),
    "missing_excluded": ("Time without monitoring data is left out.", "无监控数据的时间不计入。"),
    "weight": (
        "An outage of impact {impact} counts at {share}.",
        "影响级别为 {impact} 的中断按 {share} 计。",
    ),
    "aggregate": (
        "Slices are combined by the {method} method{per}.",
        "各时间片按 {method} 方法汇总{per}。",
    ),
    "formula": ("The measured value is computed as {formula}.", "计量值按公式 {formula} 计算。"),
    "denominator": ("The share is of {denominator}.", "比例的分母为 {denominator}。"),
    "remove_excluded": (
        "Excluded requests are removed from {counts}.",
        "被排除的请求从 {counts} 中剔除。",
    ),
    "percentile": (
        "Percentiles are computed by the {method} method.",
        "百分位数按 {method} 方法计算。",
    ),
    "operations": (
        "It reads the records of operations {operations}.",
        "适用于操作 {operations} 的记录。",
    ),
    "per_scope": ("Each scope is evaluated on its own.", "每个范围单独评估。"),
    "exclusion_maintenance": (
        "Maintenance does not count as down{notice}{maximum}.",
        "维护时间不计为不可用{notice}{maximum}。",
    ),
    "notice": (" when announced {length} ahead", "（须提前 {length} 通知）"),
    "maintenance_max": (", up to {length} per {window}", "，每{window}最多 {length}"),
    "exclusion_cause": ("Outages caused by {causes} do not count.", "由 {causes} 导致的中断不计。"),
    "exclusion_flagged": ("Records flagged as excluded do not count.", "标记为排除的记录不计。"),
    "credit_tiers": (
        "Service credit, of {base}, by measured value:",
        "服务赔偿（以 {base} 为基数），按计量值：",
    ),
    "credit_linear": (
        "A credit of {amount}{base} per {per} of downtime{counting}.",
        "每不可用 {per} 赔偿 {amount}{base}{counting}。",
    ),
    "credit_breach": (
        "A credit of {amount}{base} for each breach.",
        "每次违约赔偿 {amount}{base}。",
    ),
    "counting_started": (", each started one counting", "，不足一个单位按一个单位计"),
    "counting_completed": (", only completed ones counting", "，仅计完整单位"),
    "apply_most_severe": (
        "Where tiers overlap, the largest credit applies.",
        "档位重叠时适用最高赔偿。",
    ),
    "apply_first": (
        "Where tiers overlap, the first tier listed applies.",
        "档位重叠时适用所列第一档。",
    ),
    "of_base": (" of {base}", "（{base}）"),
    "cap": (
        "Credits are capped at {amount}{base} per {window}.",
        "赔偿上限为每{window} {amount}{base}。",
    ),
    "no_credit": (
        "No service credit is stated for missing this objective.",
        "未约定未达成此指标的服务赔偿。",
    ),
    "support_calendar": (
        "Business-hours targets count on {calendar}.",
        "工作时间目标按 {calendar} 计时。",
    ),
    "assigned_by": ("The severity is assigned by the {party}.", "严重级别由{party}确定。"),
    "taken_as": ("A ticket keeps its {rule} severity.", "工单按其{rule}严重级别计。"),
    "automated": ("Automated responses {rule}.", "自动回复{rule}。"),
    "pauses": ("Pauses of the clock are {rule}.", "计时暂停{rule}。"),
    "compliance_share": (
        "The targets are met when {share} of tickets meet them.",
        "{share} 的工单达成目标即视为达成。",
    ),
    "compliance_all": ("Every ticket must meet its targets.", "每张工单均须达成目标。"),
    "coverage": (" (24x7 on request)", "（可申请 7x24 支持）"),
    "escalation": (
        "An unresolved {severity} ticket is escalated {steps}.",
        "未解决的 {severity} 工单升级：{steps}。",
    ),
    "escalation_step": ("to {tier} within {within}", "{within}内升级至{tier}"),
    "best_effort": ("best effort (no deadline)", "尽力而为（无时限）"),
    "clock_24x7": (" 24x7", "（7x24 计时）"),
    "clock_on": (" on {calendar}", "（按 {calendar} 计时）"),
    "for_plan": (" for plan {plan}", "，适用于 {plan} 套餐"),
    "for_share": (" for {share} of tickets", "，{share} 的工单"),
    "combine_sum": ("Credits of several objectives are added up.", "多项指标的赔偿累加计算。"),
    "combine_max": (
        "Only the largest credit of the objectives is paid.",
        "仅支付各指标中最高的一项赔偿。",
    ),
    "minimum_credit": ("Credits below {amount} are not paid.", "低于 {amount} 的赔偿不予支付。"),
    "rounding": (
        "Credits are rounded {mode} to {precision}.",
        "赔偿金额按 {mode} 方式舍入至 {precision}。",
    ),
    "form": ("Credits are given as {form}.", "赔偿形式：{form}。"),
    "claim": (
        "Claim from {opens} to {closes}{calendar}{channel}.",
        "须自 {opens} 起至 {closes} 止提出索赔{calendar}{channel}。",
    ),
    "claim_channel": (" via {channel}", "，渠道：{channel}"),
    "claim_calendar": (" (business days of {calendar})", "（按 {calendar} 的工作日计）"),
    "remedy_sole": ("Credits are the customer's sole remedy.", "服务赔偿为客户的唯一救济。"),
    "remedy_cumulative": (
        "Credits come on top of other remedies.",
        "服务赔偿不影响客户的其他救济。",
    ),
    "period_end": ("the end of the period", "计量周期结束"),
    "after_period_end": ("{length} after the end of the period", "计量周期结束后 {length}"),
    "example_period": ("Period {period}; fee {fee}.", "计量周期 {period}；费用 {fee}。"),
    "example_record": ("{kind} {id}: {fields}", "{kind} {id}：{fields}"),
    "example_expect": ("Expected for {subject}: {fields}", "{subject} 的预期结果：{fields}"),
    "none": ("none", "无"),
    "no_end": ("no end", "无"),
}

HEADINGS: dict[str, tuple[str, str]] = {
    "parties": ("The parties and the term", "双方与期限"),
    "calendars": ("Business hours", "工作时间"),
    "services": ("Services", "服务"),
    "downtimes": ("What counts as down", "不可用的定义"),
    "objectives": ("Service levels", "服务等级"),
    "support": ("Support", "技术支持"),
    "matrix": ("Support matrix", "支持矩阵"),
    "compensation": ("Service credits and claims", "服务赔偿与索赔"),
    "examples": ("Worked cases", "计算示例"),
    "findings": ("Review notes (slalang lint)", "审阅提示（slalang lint）"),
    "measured": ("measured value", "计量值"),
    "credit": ("credit", "赔偿"),
    "severity": ("severity", "严重级别"),
    "means": ("meaning", "含义"),
    "respond": ("first response", "首次响应"),
    "resolve": ("resolution", "解决"),
    "channels": ("channels", "支持渠道"),
    "chart": ("Credit by measured value", "赔偿与计量值"),
    "clean": ("The linter found nothing to review.", "检查未发现需要审阅的问题。"),
}

_UNITS_ZH = {
    "milliseconds": "毫秒",
    "seconds": "秒",
    "minutes": "分钟",
    "hours": "小时",
    "days": "天",
    "weeks": "周",
    "months": "个月",
    "quarters": "个季度",
    "years": "年",
}
_BUSINESS_ZH = {"hours": "个工作小时", "days": "个工作日"}
_WEEKDAYS = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
}
_WORDS_ZH = {
    ">=": "不低于",
    ">": "高于",
    "<=": "不高于",
    "<": "低于",
    "==": "等于",
    "customer": "客户",
    "provider": "服务方",
    "mutual": "双方协商",
    "initial": "初始",
    "highest": "最高",
    "final": "最终",
    "count": "计为响应",
    "ignored": "不计",
    "honoured": "有效",
    "half_even": "银行家舍入",
    "half_up": "四舍五入",
    "half_down": "五舍六入",
    "up": "向上",
    "down": "向下",
    "invoice_credit": "发票抵扣",
    "voucher": "代金券",
    "service_credit": "服务抵扣",
    "refund": "退款",
    "period": "计量周期",
    "month": "月",
    "ticket_queue": "工单",
    "chat": "在线聊天",
    "dedicated_group": "专属服务群",
    "technical_contact": "专属技术联系人",
    "account_manager": "客户经理",
    "hotline": "紧急热线",
    "senior_engineer": "高级工程师",
    "engineering": "研发团队",
    "management": "管理层",
}
_WORDS_EN = {
    ">=": "of at least",
    ">": "above",
    "<=": "of at most",
    "<": "below",
    "==": "of exactly",
    "count": "count as a response",
    "ignored": "are ignored",
    "honoured": "honoured",
    "half_even": "half to even",
    "half_up": "half up",
    "half_down": "half down",
    "invoice_credit": "a credit on the invoice",
    "ticket_queue": "the ticket queue",
    "chat": "online chat",
    "dedicated_group": "a dedicated group",
    "technical_contact": "a named technical contact",
    "account_manager": "an account manager",
    "hotline": "a hotline",
    "senior_engineer": "a senior engineer",
    "engineering": "the provider's engineering team",
    "management": "the provider's management",
    "service_credit": "service credit",
}


@dataclass(frozen=True)
class Locale:
    """Formatting of values for one language."""

    lang: Language

    def say(self, key: str) -> str:
        return PHRASES[key][self.lang == "zh"]

    def heading(self, key: str) -> str:
        return HEADINGS[key][self.lang == "zh"]

    def word(self, word: str) -> str:
        """A word of the language (a comparator, a party, a rounding mode) in plain words."""
        table = _WORDS_ZH if self.lang == "zh" else _WORDS_EN
        return table.get(word, word.replace("_", " ") if self.lang == "en" else word)

    def number(self, value: Decimal | Fraction | int) -> str:
        """Grouped digits, exact: 20000 -> '20,000' (both locales group by thousands)."""
        if isinstance(value, Fraction):
            from slalang.wording import number

            text = number(value)
        else:
            text = fmt.number(value) if isinstance(value, Decimal) else str(value)
        if "/" in text:
            return text
        whole, _, decimals = text.partition(".")
        sign = "-" if whole.startswith("-") else ""
        grouped = f"{int(whole.lstrip('-')):,}"
        return sign + grouped + (f".{decimals}" if decimals else "")

    def quantity(self, q: Quantity | Amount) -> str:
        if isinstance(q, Percent):
            return f"{fmt.number(q.value)}%"
        if isinstance(q, Money):
            if self.lang == "zh" and q.currency == "CNY":
                return f"{self.number(q.amount)} 元"
            return f"{self.number(q.amount)} {q.currency}"
        if isinstance(q, Units):
            return f"{self.number(q.value)} " + ("个服务单位" if self.lang == "zh" else "units")
        if self.lang == "en":
            return fmt.quantity(q)
        if isinstance(q, Duration):
            unit = "毫秒" if q.unit == "milliseconds" else _UNITS_ZH[q.unit]
            return f"{self.number(q.value)} {unit}"
        if isinstance(q, BusinessDuration):
            return f"{self.number(q.value)} {_BUSINESS_ZH[q.unit]}"
        if isinstance(q, CalendarSpan):
            return f"{q.value} {_UNITS_ZH[q.unit]}"
        return fmt.quantity(q)

    def clock(self, clock: str) -> str:
        """The hours a support clause counts or is staffed on: 24x7 or a calendar."""
        if clock == "24x7":
            return self.say("clock_24x7")
        return self.say("clock_on").format(calendar=clock)

    def window(self, window: Window) -> str:
        if window == "period":
            return self.word("period")
        if isinstance(window, CalendarSpan) and window.value == 1:
            return (
                {"months": "月", "quarters": "季度", "years": "年"}[window.unit]
                if self.lang == "zh"
                else window.unit[:-1]
            )
        return self.quantity(window)

    def day(self, value: date) -> str:
        if self.lang == "zh":
            return f"{value.year}年{value.month}月{value.day}日"
        return value.isoformat()

    def moment(self, value: datetime) -> str:
        weekday = _WEEKDAYS[self.lang][value.weekday()]
        clock = f"{value:%H:%M:%S}" if value.second or value.microsecond else f"{value:%H:%M}"
        if value.microsecond:
            clock += f".{value.microsecond:06d}".rstrip("0")
        offset = value.strftime("%z")
        zone = f"{offset[:3]}:{offset[3:]}"
        if self.lang == "zh":
            return f"{self.day(value.date())} {weekday} {clock} (UTC{zone})"
        return f"{weekday} {value:%Y-%m-%d} {clock} {zone}"

    def weekdays(self, first: str, last: str | None) -> str:
        names = dict(
            zip(
                ("mon", "tue", "wed", "thu", "fri", "sat", "sun"), _WEEKDAYS[self.lang], strict=True
            )
        )
        return names[first] + ("" if last is None else "–" + names[last])
