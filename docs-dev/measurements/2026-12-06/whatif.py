import gzip, os, sys, re, json
from pathlib import Path
root = Path(sys.argv[1]); n = int(sys.argv[2])
def gz(b): return min(len(b), len(gzip.compress(b, 6, mtime=0)))
SUMMARY=re.compile(rb'(<div class="tl-event__summary">)\n(.*?)(</div>)', re.S)
CITES=re.compile(rb'<p class="tl-event__sources-label">Sources</p>\n<ol class="tl-citations">.*?</ol>', re.S)
MAP=re.compile(rb'<figure class="tl-map">.*?</figure>', re.S)
BIBCSL=re.compile(rb'<figure class="tl-cite__form"><figcaption class="tl-cite__label">BibTeX.*?(?=</div>)', re.S)
TAG=re.compile(rb'<[^>]+>')
def excerpt(m):
    text=b' '.join(TAG.sub(b' ',m.group(2)).split())
    if len(text)>200: text=text[:199].rsplit(b' ',1)[0]+'…'.encode()
    return m.group(1)+b'\n<p>'+text+b'</p>\n'+m.group(3)
options = {
 'json-no-html': lambda rel,name,d: (json.dumps({**(j:=json.loads(d)), 'events':[{k:v for k,v in e.items() if k!='summary_html'} for e in j['events']]},ensure_ascii=False,separators=(',',':')).encode() if rel.startswith('api/events/') and name.endswith('.json') else None),
 'month-no-citations': lambda rel,name,d: (CITES.sub(b'',d) if rel.startswith('timeline/') and name=='index.html' else None),
 'month-excerpts': lambda rel,name,d: (SUMMARY.sub(excerpt,d) if rel.startswith('timeline/') and name=='index.html' else None),
 'site-feeds-10': lambda rel,name,d: ((lambda parts: b'<entry>'.join(parts[:11]) + (b'</feed>' if len(parts) > 11 else b''))(d.split(b'<entry>')) if rel.startswith('sites/') and name=='feed.xml' else None),
 'event-no-map': lambda rel,name,d: (MAP.sub(b'',d) if rel.startswith('events/') and name=='index.html' else None),
 'event-plain-citation-only': lambda rel,name,d: (BIBCSL.sub(b'',d) if rel.startswith('events/') and name=='index.html' else None),
}
files=[]
for folder, _, names in os.walk(root):
    for name in names:
        p=Path(folder,name); files.append((p.relative_to(root).as_posix(), name, p.read_bytes()))
base_raw=sum(len(d) for _,_,d in files); base_gz={rel:gz(d) for rel,_,d in files}; tg=sum(base_gz.values())
print(f"as built: {base_raw/1e6:.1f} MB, {tg/n:.0f} B/event gzip")
allraw=0; allgz=0
for key,fn in options.items():
    draw=dgz=0
    for rel,name,d in files:
        e=fn(rel,name,d)
        if e is None: continue
        draw+=len(e)-len(d); dgz+=gz(e)-base_gz[rel]
    allraw+=draw; allgz+=dgz
    print(f"  {key:28} {draw/1e6:+7.1f} MB  {dgz/n:+6.0f} B/event gzip")
print(f"  all of them                  {allraw/1e6:+7.1f} MB  {allgz/n:+6.0f} B/event gzip → {(base_raw+allraw)/1e6:.1f} MB, {(tg+allgz)/n:.0f} B/event")
