#!/usr/bin/env bash
# Benchmarks on real Nix code (nixpkgs lib): tvix-eval paired against C++ Nix.
#
#   bench/run.sh                      # every case, 5 pairs: C++ Nix, tvix, C++ Nix, tvix, ...
#   bench/run.sh -n 9 -c modules      # 9 pairs of one case (-c takes a comma-separated list)
#   bench/run.sh --check              # both evaluators' --json output against cases/NAME.expected.*
#   bench/run.sh --record             # rewrite cases/NAME.expected.* from C++ Nix's output
#   bench/run.sh --instructions       # instructions executed by tvix under callgrind (no noise)
#   bench/run.sh --tvix-only          # time tvix alone (also what happens without nix-instantiate)
#
# Environment: TVIX_EVAL (default: target/release/tvix-eval of this workspace; nothing is built),
# NIXPKGS_LIB (default: ../shared/nixpkgs-lib next to the workspace; the cases get
# `-I nixpkgs-lib=$NIXPKGS_LIB/lib`), NIX_INSTANTIATE (default: nix-instantiate on PATH).
#
# Timing: wall = monotonic clock from fork to reap; cpu = user + system time and peak RSS from the
# kernel's rusage of the reaped child (wait4). Per pair, ratio = tvix / C++ Nix; the table shows
# the median ratio and its spread. On a loaded machine the cpu ratio is the steadier figure.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exec python3 - "$HERE" "$@" <<'PYEOF'
import argparse, hashlib, json, math, os, shlex, shutil, statistics, subprocess, sys, tempfile, threading, time

HERE = sys.argv[1]
ROOT = os.path.dirname(HERE)
CASES_DIR = os.path.join(HERE, "cases")
CASES = sorted(f[:-4] for f in os.listdir(CASES_DIR) if f.endswith(".nix"))

p = argparse.ArgumentParser(prog="bench/run.sh", description="tvix-eval vs C++ Nix on real Nix code")
p.add_argument("-n", "--pairs", type=int, default=5, help="timed pairs (or runs) per case (default: %(default)s)")
p.add_argument("-w", "--warmup", type=int, default=1, help="untimed pairs first (default: %(default)s)")
p.add_argument("-c", "--cases", default=",".join(CASES), help="comma-separated cases (default: all)")
p.add_argument("--check", action="store_true", help="compare both evaluators' --json output with cases/NAME.expected.*")
p.add_argument("--record", action="store_true", help="write cases/NAME.expected.* from C++ Nix's --json output")
p.add_argument("--instructions", action="store_true", help="count tvix's instructions with valgrind --tool=callgrind")
p.add_argument("--tvix-only", action="store_true", help="time tvix-eval alone")
p.add_argument("--timeout", type=float, default=600.0, help="seconds per run (default: %(default)s)")
args = p.parse_args(sys.argv[2:])
if args.pairs < 1 or args.warmup < 0:
    sys.exit("bench/run.sh: -n must be at least 1 and -w at least 0")

tvix = os.environ.get("TVIX_EVAL") or os.path.join(ROOT, "target", "release", "tvix-eval")
if not (os.path.isfile(tvix) and os.access(tvix, os.X_OK)):
    sys.exit(f"bench/run.sh: no tvix-eval at {tvix} (run `cargo build --release` or set TVIX_EVAL)")
tvix = os.path.abspath(tvix)
nixpkgs_lib = os.environ.get("NIXPKGS_LIB") or os.path.normpath(os.path.join(ROOT, "..", "shared", "nixpkgs-lib"))
if not os.path.isfile(os.path.join(nixpkgs_lib, "lib", "default.nix")):
    sys.exit(f"bench/run.sh: no nixpkgs lib at {nixpkgs_lib}/lib (set NIXPKGS_LIB to the nixpkgs.lib checkout)")
nix = os.environ.get("NIX_INSTANTIATE") or shutil.which("nix-instantiate")
if nix is None and not args.tvix_only:
    print("bench/run.sh: nix-instantiate not found: timing tvix-eval alone, no comparison", file=sys.stderr)
    if args.record:
        sys.exit("bench/run.sh: --record needs nix-instantiate")
    args.tvix_only = True

cases = [c.strip().removesuffix(".nix") for c in args.cases.split(",") if c.strip()]
for c in cases:
    if c not in CASES:
        sys.exit(f"bench/run.sh: no such case: {c} (cases: {', '.join(CASES)})")

SEARCH = ["-I", f"nixpkgs-lib={nixpkgs_lib}/lib"]


def argv_of(evaluator, case, json_out=False):
    prog = tvix if evaluator == "tvix" else nix
    flags = ["--eval", "--strict"] + (["--json"] if json_out else [])
    return [prog] + flags + SEARCH + [os.path.join(CASES_DIR, case + ".nix")]


def run_once(argv, capture=False):
    """Runs argv in the cases directory; returns wall, cpu, peak MiB, exit code, stdout, stderr."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out if capture else subprocess.DEVNULL,
                                stderr=err, cwd=CASES_DIR)
        timer = threading.Timer(args.timeout, proc.kill)
        timer.start()
        pid, status, ru = os.wait4(proc.pid, 0)
        timer.cancel()
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return dict(wall=wall, cpu=ru.ru_utime + ru.ru_stime, peak=ru.ru_maxrss / 1024.0, rc=proc.returncode,
                    out=out.read(), err=err.read().decode("utf-8", "replace"))


def failure(who, case, r):
    tail = " | ".join(r["err"].strip().splitlines()[-3:])
    return f"{case}: {who} failed (exit {r['rc']}): {tail}"


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def expectation_path(case):
    """The recorded output: NAME.expected.json (small outputs), or NAME.expected.sha256."""
    for ext in (".expected.json", ".expected.sha256"):
        path = os.path.join(CASES_DIR, case + ext)
        if os.path.exists(path):
            return path
    return None


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def hash_lines(text):
    """The hash of the whole canonical JSON, then one per top-level attribute (to locate a change)."""
    value = json.loads(text)
    lines = [f"{sha256(text)}  (all)"]
    if isinstance(value, dict):
        lines += [f"{sha256(canonical(v))}  {k}" for k, v in sorted(value.items())]
    return lines


def record(case, text):
    for ext in (".expected.json", ".expected.sha256"):
        path = os.path.join(CASES_DIR, case + ext)
        if os.path.exists(path):
            os.remove(path)
    if len(text) <= 16384:
        with open(os.path.join(CASES_DIR, case + ".expected.json"), "w") as f:
            f.write(json.dumps(json.loads(text), sort_keys=True, indent=1, ensure_ascii=False) + "\n")
    else:
        with open(os.path.join(CASES_DIR, case + ".expected.sha256"), "w") as f:
            f.write("\n".join(hash_lines(text)) + "\n")


def differences(case, text):
    """None when canonical JSON text is the recorded output, else what differs."""
    path = expectation_path(case)
    with open(path) as f:
        want = f.read()
    if path.endswith(".json"):
        return None if canonical(json.loads(want)) == text else "differs"
    want_lines = want.strip().splitlines()
    got_lines = hash_lines(text)
    if want_lines[0] == got_lines[0]:
        return None
    changed = sorted(set(want_lines[1:]) ^ set(got_lines[1:]))
    keys = sorted({line.split("  ", 1)[1] for line in changed})
    return "differs" + (f" in {', '.join(keys)}" if keys else "")


def json_output(evaluator, case):
    r = run_once(argv_of(evaluator, case, json_out=True), capture=True)
    if r["rc"] != 0:
        return None, failure(evaluator, case, r)
    try:
        return canonical(json.loads(r["out"])), None
    except ValueError as e:
        return None, f"{case}: {evaluator} printed bad JSON ({e})"


def check(record_mode):
    ok = True
    evaluators = ["nix"] if record_mode else (["tvix"] if args.tvix_only else ["nix", "tvix"])
    for case in cases:
        cells = []
        for ev in evaluators:
            text, err = json_output(ev, case)
            if err:
                ok = False
                cells.append(f"{ev}: FAILED")
                print(err, file=sys.stderr)
            elif record_mode:
                record(case, text)
                cells.append(f"{ev}: recorded ({len(text)} bytes of JSON)")
            elif expectation_path(case) is None:
                ok = False
                cells.append(f"{ev}: no expectation (run --record)")
            else:
                diff = differences(case, text)
                ok = ok and diff is None
                cells.append(f"{ev}: ok" if diff is None else f"{ev}: {diff.upper()}")
        print(f"{case:<14} " + "   ".join(cells))
    return ok


def instructions():
    if shutil.which("valgrind") is None:
        sys.exit("bench/run.sh: --instructions needs valgrind")
    print(f"{'case':<14} {'tvix instructions':>18}")
    for case in cases:
        with tempfile.TemporaryDirectory() as tmp:
            argv = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/out"] + argv_of("tvix", case)
            r = run_once(argv)
            if r["rc"] != 0:
                print(failure("tvix under callgrind", case, r), file=sys.stderr)
                continue
            count = next((line.split()[-1] for line in r["err"].splitlines() if "Collected" in line), "?")
            print(f"{case:<14} {int(count.replace(',', '')):>18,}" if count != "?" else f"{case:<14} {'?':>18}")
        sys.stdout.flush()


def med(xs):
    return statistics.median(xs)


def geomean(xs):
    xs = [x for x in xs if x > 0 and math.isfinite(x)]
    return math.exp(sum(map(math.log, xs)) / len(xs)) if xs else float("nan")


def time_cases():
    loads = [os.getloadavg()[0]]
    if args.tvix_only:
        hdr = f"{'case':<14} {'wall med':>9} {'min':>7} {'max':>7} {'cpu med':>8} {'peak MiB':>9}"
    else:
        hdr = (f"{'case':<14} {'nix wall':>9} {'tvix wall':>9} {'ratio':>6} {'min':>6} {'max':>6} "
               f"{'cpu ratio':>9} {'nix MiB':>8} {'tvix MiB':>8} {'mem ratio':>9}")
    print(hdr)
    print("-" * len(hdr))
    sys.stdout.flush()
    wall_ratios, cpu_ratios, mem_ratios = [], [], []
    for case in cases:
        order = ["tvix"] if args.tvix_only else ["nix", "tvix"]
        runs = {ev: [] for ev in order}
        error = None
        for i in range(args.warmup + args.pairs):
            for ev in order:
                r = run_once(argv_of(ev, case))
                if r["rc"] != 0:
                    error = failure(ev, case, r)
                    break
                if i >= args.warmup:
                    runs[ev].append(r)
            if error:
                break
        loads.append(os.getloadavg()[0])
        if error:
            print(f"{case:<14} FAILED: {error}")
            continue
        t = runs["tvix"]
        if args.tvix_only:
            w = [r["wall"] for r in t]
            print(f"{case:<14} {med(w):9.3f} {min(w):7.3f} {max(w):7.3f} {med([r['cpu'] for r in t]):8.3f} "
                  f"{med([r['peak'] for r in t]):9.1f}")
        else:
            n = runs["nix"]
            ratios = [b["wall"] / a["wall"] for a, b in zip(n, t)]
            cpu = [b["cpu"] / a["cpu"] for a, b in zip(n, t) if a["cpu"] > 0]
            mem_n, mem_t = med([r["peak"] for r in n]), med([r["peak"] for r in t])
            wall_ratios.append(med(ratios))
            cpu_ratios.append(med(cpu) if cpu else float("nan"))
            mem_ratios.append(mem_t / mem_n)
            print(f"{case:<14} {med([r['wall'] for r in n]):9.3f} {med([r['wall'] for r in t]):9.3f} "
                  f"{med(ratios):6.2f} {min(ratios):6.2f} {max(ratios):6.2f} {cpu_ratios[-1]:9.2f} "
                  f"{mem_n:8.1f} {mem_t:8.1f} {mem_t / mem_n:9.2f}")
        sys.stdout.flush()
    if len(wall_ratios) > 1:
        print(f"{'geomean':<14} {'':>9} {'':>9} {geomean(wall_ratios):6.2f} {'':>6} {'':>6} "
              f"{geomean(cpu_ratios):9.2f} {'':>8} {'':>8} {geomean(mem_ratios):9.2f}")
    load = f"1-minute load average {min(loads):.1f}-{max(loads):.1f} on {os.cpu_count()} CPUs"
    if args.tvix_only:
        print(f"\n{args.pairs} runs per case after {args.warmup} warm-up; cpu = user+sys time; {load}")
    else:
        print(f"\n{args.pairs} pairs per case (C++ Nix, tvix alternating) after {args.warmup} warm-up; "
              f"ratio = tvix / C++ Nix wall time (median, min, max over pairs); cpu ratio = median per-pair "
              f"ratio of user+sys time; {load}")


if args.record or args.check:
    sys.exit(0 if check(args.record) else 1)
elif args.instructions:
    instructions()
else:
    time_cases()
PYEOF
