// Loop Lab embed helper for the page that hosts the iframes (a blog post). Each Loop Lab iframe posts its
// content height; this sizes the iframe that sent it. Include once per page:
//   <script src="https://YOUR-SITE/loop-lab/embed/embed.js" defer></script>
(function () {
  if (window.__loopLabEmbed) return;
  window.__loopLabEmbed = true;
  window.addEventListener('message', function (e) {
    var d = e.data;
    if (!d || d.type !== 'loop-lab:height' || typeof d.height !== 'number') return;
    var frames = document.querySelectorAll('iframe[data-loop-lab]');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === e.source) {
        var h = Math.max(200, Math.min(4000, Math.ceil(d.height)));
        frames[i].style.height = h + 'px';
        frames[i].setAttribute('data-height', String(h));
      }
    }
  });
})();
