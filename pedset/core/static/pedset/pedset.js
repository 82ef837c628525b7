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

// A long list of ticks (co-authors among 150 members) gets a box above it that keeps only the
// people whose name contains what is typed. Without scripts the whole list is still there.
(function () {
  var lists = document.querySelectorAll("div.person-picker[id]");
  Array.prototype.forEach.call(lists, function (list) {
    var items = list.querySelectorAll("label");
    if (items.length < 8) { return; }
    var box = document.createElement("input");
    box.type = "search";
    box.id = list.id + "_filter";
    box.className = "person-picker-filter";
    box.setAttribute("autocomplete", "off");
    var label = document.createElement("label");
    label.htmlFor = box.id;
    label.textContent = list.querySelector("input").getAttribute("data-filter-label") || "";
    box.addEventListener("input", function () {
      var wanted = box.value.trim().toLowerCase().replace(/ё/g, "е");
      Array.prototype.forEach.call(items, function (item) {
        var text = item.textContent.toLowerCase().replace(/ё/g, "е");
        var row = item.parentNode === list ? item : item.parentNode;
        row.hidden = wanted !== "" && text.indexOf(wanted) === -1 && !item.querySelector("input").checked;
      });
    });
    list.parentNode.insertBefore(label, list);
    list.parentNode.insertBefore(box, list);
  });
})();
