#!/usr/bin/env python3
"""Where a callgrind profile's instructions go: self cost per category, source file and function.

Usage: bench/profile/callgrind-categories.py CALLGRIND_OUT [--top N]

Each cost line of the profile is charged to the source file it was written in (callgrind's
`fi=`/`fe=` records, so inlined code counts where it was written) and to the function it was
compiled into; the categories below group (function, file) pairs, first matching rule wins.
Costs on the lines after `calls=` are the inclusive costs of calls and are not self cost.
"""
import argparse
import collections
import re

CATEGORIES = [
    ("parse + compile (rnix, rowan, compiler)",
     lambda fn, fl: fn.startswith(("rnix::", "rowan::", "<rnix", "<rowan", "tvix_eval::parse", "codemap"))
     or "/rnix-" in fl or "/rowan-" in fl or "tvix_eval::compiler" in fn),
    ("malloc/free (mimalloc, alloc shims)",
     lambda fn, fl: "mimalloc" in fl or fn.startswith(("mi_", "_mi_", "__rust_alloc", "__rust_dealloc", "__rust_realloc", "__rdl"))
     or fl.endswith("alloc/src/alloc.rs")),
    ("drop code (values, Rc, sets, thunks, frames, drop queue)",
     lambda fn, fl: "drop_in_place" in fn or "Drop>::drop" in fn or "drop_slow" in fn or "drop_queue" in fn
     or fl.endswith("drop_queue.rs") or "defer_upvalues" in fn),
    ("memcmp (attribute names, strings)",
     lambda fn, fl: fn.startswith(("__memcmp", "__bcmp", "memcmp", "bcmp")) or fl.endswith("slice/cmp.rs")),
    ("memcpy/memmove/memset", lambda fn, fl: fn.startswith(("__memmove", "__memcpy", "__memset", "memcpy", "memmove", "memset"))),
    ("hashing (SipHash sets and maps)",
     lambda fn, fl: "hashbrown" in fn or "hash::sip" in fn or "BuildHasher" in fn or "/hashbrown-" in fl),
    ("genawaiter generator frames",
     lambda fn, fl: "genawaiter" in fn or "/genawaiter-" in fl or fl.endswith(("vm/gen_loop.rs", "vm/generators.rs"))
     or "run_generator" in fn or "vm::generators" in fn),
    ("native frames",
     lambda fn, fl: fl.endswith(("vm/native.rs", "builtins/list_frames.rs", "builtins/sort.rs")) or "vm::native" in fn
     or "list_frames" in fn),
    ("upvalue capture (Rc<[Value]> from an iterator)", lambda fn, fl: "Rc<[T]>::from_iter_exact" in fn or "to_rc_slice" in fn),
    ("thunks (create, force, apply thunks)",
     lambda fn, fl: fl.endswith("value/thunk.rs") or "thunk" in fn.lower() or "force" in fn or "placeholder" in fn),
    ("attribute sets (build, look-up, //, imbl)",
     lambda fn, fl: fl.endswith(("value/attrs.rs", "builtins/attrs.rs")) or "imbl" in fn or "imbl" in fl
     or "archery" in fn or "/archery-" in fl or "attrs" in fn.lower() or "small_find" in fn or "select" in fn),
    ("lists", lambda fn, fl: fl.endswith(("value/list.rs", "builtins/lists.rs")) or "NixList" in fn or "lists::" in fn),
    ("strings",
     lambda fn, fl: fl.endswith(("value/string.rs", "builtins/strings.rs", "value/context.rs")) or "NixString" in fn
     or "string" in fn.lower() or "/bstr-" in fl),
    ("calls (closures, leaf lambdas, builtin dispatch)",
     lambda fn, fl: fl.endswith(("vm/calls.rs", "vm/leaf.rs", "value/function.rs", "value/builtin.rs")) or "vm::calls" in fn
     or "leaf" in fn or "Lambda" in fn or "Builtin" in fn),
    ("Value clone", lambda fn, fl: "Value as core::clone::Clone" in fn),
    ("bytecode loop (run_code, frames, operators)",
     lambda fn, fl: "run_code" in fn or "run_frames" in fn or fl.endswith(("vm/run.rs", "vm/mod.rs", "vm/ops.rs", "vm/algorithms.rs"))
     or "tvix_eval::vm" in fn),
    ("other builtins", lambda fn, fl: "tvix_eval::builtins" in fn or "/builtins/" in fl or "regex" in fn or "/regex" in fl),
    ("printing", lambda fn, fl: "print" in fn),
]


def parse(path):
    """Self cost per (function, file) and per object; the total."""
    names = {}

    def name(kind, text):
        m = re.match(r"\((\d+)\)(?: (.*))?", text)
        if not m:
            return text
        if m.group(2) is not None:
            names[(kind, m.group(1))] = m.group(2)
        return names.get((kind, m.group(1)), "?")

    cost = collections.Counter()
    objects = collections.Counter()
    fl = fi = fn = ob = ""
    after_call = False
    with open(path, errors="replace") as f:
        for line in f:
            if not line.strip():
                continue
            c = line[0]
            if c.isdigit() or c in "+-*":
                if after_call:
                    after_call = False
                    continue
                parts = line.split()
                if len(parts) >= 2:
                    cost[(fn, fi or fl)] += int(parts[1])
                    objects[ob] += int(parts[1])
                continue
            key, _, val = line.rstrip("\n").partition("=")
            if key == "fl":
                fl, fi = name("fl", val), ""
            elif key in ("fi", "fe"):
                fi = name("fl", val)
            elif key == "fn":
                fn, fi = name("fn", val), ""
            elif key == "ob":
                ob = name("ob", val)
            elif key in ("cfi", "cfl"):
                name("fl", val)
            elif key == "cfn":
                name("fn", val)
            elif key == "cob":
                name("ob", val)
            elif key == "calls":
                after_call = True
    return cost, objects, sum(objects.values())


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("profile")
    p.add_argument("--top", type=int, default=20)
    args = p.parse_args()
    cost, objects, total = parse(args.profile)
    by_cat, by_file, by_fn = collections.Counter(), collections.Counter(), collections.Counter()
    for (fn, fl), v in cost.items():
        by_file[fl] += v
        by_fn[re.sub(r"'\d+$", "", fn)] += v
        by_cat[next((n for n, rule in CATEGORIES if rule(fn, fl)), "other")] += v

    def show(title, counter, n):
        print(f"--- {title}")
        for k, v in counter.most_common(n):
            print(f"{v / total * 100:6.2f}% {v:>15,}  {k}")

    print(f"total {total:,} instructions")
    show("categories", by_cat, len(CATEGORIES) + 1)
    show("objects", objects, 5)
    show("source files (inlined code where written)", by_file, args.top)
    show("functions (self)", by_fn, args.top)


if __name__ == "__main__":
    main()
