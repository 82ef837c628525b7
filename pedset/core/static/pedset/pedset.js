// Tells the server the reader's time zone, so an anonymous reader also sees local times.
// IANA zone names ("Asia/Yakutsk") are valid cookie values as they are.
(function () {
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && /^[A-Za-z0-9_+\/-]+$/.test(zone) && document.cookie.indexOf("pedset_tz=" + zone) === -1) {
      document.cookie = "pedset_tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax";
    }
  } catch (e) { /* an old browser keeps the default zone */ }
})();
