import os, subprocess, sys, time
def tree(pid):
    out=[pid]
    try:
        for line in open(f'/proc/{pid}/task/{pid}/children').read().split():
            out += tree(int(line))
    except OSError: pass
    return out
def pss(pid):
    try:
        for line in open(f'/proc/{pid}/smaps_rollup'):
            if line.startswith('Pss:'): return int(line.split()[1])*1024
    except OSError: return 0
    return 0
def name(pid):
    try: return open(f'/proc/{pid}/cmdline','rb').read().split(b'\0')[0].decode().rsplit('/',1)[-1][:12]
    except OSError: return '?'
p=subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=open('/tmp/memwatch.err','w'))
t0=time.time(); peak=0; last=0
while p.poll() is None:
    pids=tree(p.pid); vals=[(name(q),pss(q)) for q in pids]; tot=sum(v for _,v in vals)
    if tot>peak: peak=tot
    t=time.time()-t0
    if t-last>=2:
        last=t; print(f"{t:6.1f}s total {tot/1e6:6.0f} MB  "+"  ".join(f"{n}:{v/1e6:.0f}" for n,v in vals), flush=True)
    time.sleep(0.2)
print(f"done rc={p.returncode} in {time.time()-t0:.1f}s, peak {peak/1e6:.0f} MB")
