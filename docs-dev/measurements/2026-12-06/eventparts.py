import gzip, re, glob, sys, os
os.chdir(sys.argv[1])
files = sorted(glob.glob('*/index.html'))[::20]
def gz(s): return len(gzip.compress(s.encode(), 6, mtime=0))
parts = {
 'cite block (3 formats)': (r'<h2 id="cite">.*?</div>\n(?=</article>)', ''),
 'map': (r'<figure class="tl-map">.*?</figure>', ''),
 'head': (r'<head>.*?</head>', '<head></head>'),
 'summary': (r'<div class="tl-event__summary">.*?</div>', ''),
 'JSON-LD': (r'<script type="application/ld\+json">.*?</script>', ''),
 'citations': (r'<ol class="tl-citations">.*?</ol>', ''),
 'header and footer': (r'<header.*?</header>|<footer.*?</footer>', ''),
 'facts': (r'<dl class="tl-facts.*?</dl>', ''),
}
tot = 0; raw = 0; acc = {k: 0 for k in parts}
for f in files:
    s = open(f).read(); g = gz(s); tot += g; raw += len(s)
    for k, (pat, rep) in parts.items():
        acc[k] += g - gz(re.sub(pat, rep, s, flags=re.S))
n = len(files); print(n, 'pages; raw', raw // n, 'gz', tot // n)
for k, v in acc.items(): print(f"  {k}: {v / n:.0f}")
