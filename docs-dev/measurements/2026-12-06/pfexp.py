import sys, time, dataclasses, tempfile, datetime as dt
from pathlib import Path
from timeline.contract import dataset as ds
from timeline.site import views as views_mod, search
from timeline.build import search_bundle
from timeline.settings import installed_pagefind
loaded = ds.load(Path(sys.argv[1]), dt.date(2026,1,1))
v = views_mod.build(loaded.dataset)
recs = search.records(v)
print(len(recs), "records", flush=True)
exe = installed_pagefind(Path('.'))
def run(name, rs, mf=None):
    if mf is not None: search_bundle.MAX_FRAGMENTS = mf
    b = search_bundle.start(exe); t=time.time()
    b.add_records(lambda: rs)
    import threading
    best=[0]; pid=b._process.pid
    def watch():
        while b._process.poll() is None:
            try: best[0]=max(best[0], int([l for l in open(f'/proc/{pid}/status') if l.startswith('VmHWM')][0].split()[1]))
            except Exception: pass
            time.sleep(0.05)
    th=threading.Thread(target=watch); th.start()
    with tempfile.TemporaryDirectory() as d:
        b.write(Path(d)); b.finish()
        size=sum(f.stat().st_size for f in Path(d).rglob('*') if f.is_file())
    th.join(); hwm=best[0]
    print(f"{name:20} {int(hwm)/1024:7.0f} MB  {time.time()-t:5.1f}s  bundle {size/1e6:.2f} MB", flush=True)
variants = sys.argv[2].split(',')
for name in variants:
    if name.startswith('mf'): rs=recs
    elif name=='base': rs=recs
    elif name=='nofilters': rs=[dataclasses.replace(r, filters={'type': r.filters.get('type',[])}) for r in recs]
    elif name=='nosort': rs=[dataclasses.replace(r, sort={}) for r in recs]
    elif name=='nometa': rs=[dataclasses.replace(r, meta={}) for r in recs]
    elif name=='half': rs=recs[:len(recs)//2]
    elif name.startswith('short'): k=int(name[5:] or 300); rs=[dataclasses.replace(r, text=r.text[:k]) for r in recs]
    run(name, rs) if not name.startswith('mf') else run(name, recs, int(name[2:]))
