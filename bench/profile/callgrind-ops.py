#!/usr/bin/env python3
"""What each bytecode instruction costs: a callgrind profile of tvix-eval split by opcode.

Usage:
    valgrind --tool=callgrind --dump-instr=yes --callgrind-out-file=OUT tvix-eval --eval --strict FILE
    bench/profile/callgrind-ops.py OUT BINARY [--top N]

The bytecode loop (`run_code`) inlines every instruction's code, so a function-level profile
shows one big function. This script takes the self cost of each machine instruction of
`run_code` (needs `--dump-instr=yes`) and the inclusive cost of each call made from it, asks
`addr2line -i` for the chain of inlined source locations of each address, and charges the cost
to the arm of the `match` in `eval/src/vm/run.rs` that the address was inlined from: the cost
of each opcode, including what it calls (forcing, calls, drops), excluding the frames it
switches to (they run in the loop and are charged to their own instructions). Calls back into
`run_code` and into native frames' `run_above` are left out, as they would count twice.
Lines of the loop outside any arm (the dispatch itself) show as `line N`.
"""
import argparse
import collections
import re
import subprocess
from pathlib import Path

RUN_RS = Path(__file__).resolve().parents[2] / "eval/src/vm/run.rs"


def position(token, previous):
    """A callgrind position: absolute, relative (+N/-N) or the same (*)."""
    if token == "*":
        return previous
    if token.startswith("+"):
        return previous + int(token[1:], 0)
    if token.startswith("-"):
        return previous - int(token[1:], 0)
    return int(token, 0)


def read_profile(path):
    """Self cost per address and call cost per (address, callee) in `run_code`."""
    names = {}
    self_cost = collections.Counter()
    call_cost = collections.defaultdict(collections.Counter)
    function = callee = None
    address = line = 0
    after_call = False
    for raw in open(path):
        text = raw.rstrip("\n")
        record = re.match(r"(c?fn)=\((\d+)\)(?: (.*))?", text)
        if record:
            kind, number, name = record.groups()
            if name:
                names[number] = name
            if kind == "fn":
                function = number
            else:
                callee = number
            continue
        if text.startswith("calls="):
            after_call = True
            continue
        if not text or text[0] not in "+-*0123456789":
            continue
        fields = text.split()
        if len(fields) < 3:
            continue
        address = position(fields[0], address)
        line = position(fields[1], line)
        cost = int(fields[2])
        if names.get(function, "").endswith("Vm>::run_code"):
            if after_call:
                name = names.get(callee, "")
                if not (name.endswith("::run_code") or "run_above" in name):
                    call_cost[address][name] += cost
            else:
                self_cost[address] += cost
        after_call = False
    return self_cost, call_cost


def inline_chains(binary, addresses):
    """address -> [(function, location)], innermost first, from addr2line."""
    output = subprocess.run(
        ["addr2line", "-a", "-i", "-f", "-C", "-e", binary] + [hex(a) for a in addresses],
        capture_output=True, text=True, check=True,
    ).stdout.split("\n")
    chains, current, i = {}, None, 0
    while i < len(output):
        if output[i].startswith("0x"):
            current = int(output[i], 16)
            chains[current] = []
            i += 1
        elif i + 1 < len(output) and current is not None:
            chains[current].append((output[i], output[i + 1]))
            i += 2
        else:
            i += 1
    return chains


def opcode_at(source_lines, number):
    """The `Op::Name` of the match arm that line `number` of run.rs belongs to."""
    for k in range(number - 1, -1, -1):
        text = source_lines[k]
        found = re.search(r"(Op::\w+)", text)
        if found and ("=>" in text or text.strip().startswith(("Op::", "|"))):
            return found.group(1)
        if re.match(r"\s*(pub(\(\w+\))? )?fn ", text):
            break
    return f"line {number}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("profile")
    parser.add_argument("binary")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    self_cost, call_cost = read_profile(args.profile)
    addresses = sorted(set(self_cost) | set(call_cost))
    chains = inline_chains(args.binary, addresses)
    source_lines = RUN_RS.read_text().split("\n")
    own = collections.Counter()
    calls = collections.Counter()
    callees = collections.defaultdict(collections.Counter)
    for address in addresses:
        chain = chains.get(address, [])
        key = "(outside the instruction match)"
        if len(chain) >= 2:
            step_line = re.search(r"vm/run\.rs:(\d+)", chain[-2][1])
            if step_line:
                key = opcode_at(source_lines, int(step_line.group(1)))
        own[key] += self_cost[address]
        for name, cost in call_cost[address].items():
            calls[key] += cost
            callees[key][name] += cost
    total = sum(own.values()) + sum(calls.values())
    print(f"run_code and what it calls: {total:,} instructions")
    print(f"{'total':>15} {'inline':>15} {'in calls':>15}  opcode")
    ranked = sorted(own, key=lambda k: -(own[k] + calls[k]))
    for key in ranked[: args.top]:
        print(f"{own[key] + calls[key]:>15,} {own[key]:>15,} {calls[key]:>15,}  {key}")
        for name, cost in callees[key].most_common(3):
            if cost > 0.1 * (own[key] + calls[key]):
                print(f"{'':>49}{cost:>15,}  {name[:100]}")


if __name__ == "__main__":
    main()
