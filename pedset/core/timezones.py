"""Time zones as people in Russia name them: «Якутск (МСК+6, UTC+9)»."""

import zoneinfo
from functools import cache

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

ZONE_NAMES = {
    "Europe/Kaliningrad": _("Kaliningrad"),
    "Europe/Moscow": _("Moscow"),
    "Europe/Samara": _("Samara"),
    "Asia/Yekaterinburg": _("Yekaterinburg"),
    "Asia/Omsk": _("Omsk"),
    "Asia/Krasnoyarsk": _("Krasnoyarsk"),
    "Asia/Irkutsk": _("Irkutsk"),
    "Asia/Yakutsk": _("Yakutsk"),
    "Asia/Vladivostok": _("Vladivostok"),
    "Asia/Magadan": _("Magadan"),
    "Asia/Kamchatka": _("Kamchatka"),
}
MOSCOW_OFFSET_MINUTES = 180


@cache
def all_zones() -> tuple[str, ...]:
    return tuple(
        sorted(z for z in zoneinfo.available_timezones() if z not in {"localtime", "Factory"})
    )


def _offset_minutes(zone: str) -> int | None:
    try:
        offset = timezone.now().astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    return int(offset.total_seconds() // 60)


def _signed(minutes: int) -> str:
    hours, rest = divmod(abs(minutes), 60)
    return ("+" if minutes >= 0 else "-") + str(hours) + (f":{rest:02d}" if rest else "")


def utc_offset(zone: str) -> str:
    minutes = _offset_minutes(zone)
    return "" if minutes is None else f"UTC{_signed(minutes)}"


def zone_label(zone: str) -> str:
    """«Якутск (МСК+6, UTC+9)» for the zones of Russia, «Europe/Berlin (UTC+1)» otherwise."""
    minutes = _offset_minutes(zone)
    if minutes is None:
        return zone
    if zone in ZONE_NAMES:
        from_moscow = minutes - MOSCOW_OFFSET_MINUTES
        msk = _("MSK") + (_signed(from_moscow) if from_moscow else "")
        return f"{ZONE_NAMES[zone]} ({msk}, UTC{_signed(minutes)})"
    return f"{zone} (UTC{_signed(minutes)})"


def time_zone_choices(*, current: str | None = None, everywhere: bool = False) -> list:
    """Russia's zones first; `everywhere` adds every other IANA zone in a second group."""
    zones = list(settings.COMMON_TIME_ZONES)
    if current and current not in zones and _offset_minutes(current) is not None:
        zones.append(current)
    russia = [(zone, zone_label(zone)) for zone in zones]
    if not everywhere:
        return russia
    rest = [(zone, zone) for zone in all_zones() if zone not in zones]
    return [(_("Time zones of Russia"), russia), (_("All time zones"), rest)]
