"""Fit an edd model on Apache Spark: shard the scans by shipment id, run `edd-train fit --partial` on each
shard (standard input to standard output, the binary shipped to the executors as Spark ships files), and
merge the partials with `edd-train merge` into the model one `edd-train fit` over the same scans writes.

    spark-submit Tests/Spark/edd_spark_fit.py --edd-train .build/release/edd-train \
        --scans hdfs:///scans/*.csv --partitions 64 --out edd.model [--as-of 2026-11-01T00:00:00Z]

It reads scans from anything Spark's text reader reads (local files, HDFS, S3, globs, gzip), one scan per
line with the DATA.md header on the first line of each file (rows with quoted line breaks are not split
correctly by a line reader). Rows keep their order within each shipment (Spark sorts each shard by the row's
position in the input), so conflicting rows resolve as in a single fit. Local mode for tests:
`--master local[4]`.
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import zlib


def shipment_id(line, column):
    """The trimmed shipment id of a CSV line (bytes; quoted or not), or '' when the line has no such field."""
    try:
        fields = next(csv.reader([line.decode("utf-8", "surrogateescape")]))
    except (csv.Error, StopIteration):
        return ""
    return fields[column].strip(" \t") if column < len(fields) else ""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edd-train", required=True, help="the edd-train binary (shipped to the executors)")
    parser.add_argument("--scans", required=True, help="scan CSV path(s) Spark can read")
    parser.add_argument("--partitions", type=int, default=4)
    parser.add_argument("--out", required=True, help="the model file to write")
    parser.add_argument("--as-of", help="RFC 3339 cut-off, shared by every shard")
    parser.add_argument("--master", help="Spark master (default: from spark-submit, else local[4])")
    parser.add_argument("--work", help="where the partials are kept for the merge (default: a temporary folder)")
    args = parser.parse_args(argv)

    from pyspark import SparkFiles
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("edd-fit")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    binary = os.path.abspath(args.edd_train)
    sc.addFile(binary)
    name = os.path.basename(binary)

    # Bytes, not text: rows that are not UTF-8 must reach edd-train as they are, to be counted as it counts them.
    lines = sc.textFile(args.scans, use_unicode=False)
    header = lines.first()
    names = [n.strip(" \t").lower().lstrip("\ufeff") for n in next(csv.reader([header.decode("utf-8", "replace")]))]
    if "shipment_id" not in names:
        raise SystemExit(f"{args.scans}: the header has no shipment_id column")
    column = names.index("shipment_id")
    partitions = args.partitions
    as_of = args.as_of

    def shard_of(line):
        return zlib.crc32(shipment_id(line, column).encode("utf-8", "surrogateescape")) % partitions

    # Key each row by (shard, position): partitioning on the shard and sorting on the key keeps every
    # shipment's rows in input order inside its shard.
    keyed = (
        lines.zipWithIndex()
        .filter(lambda pair: pair[0] != header)
        .map(lambda pair: ((shard_of(pair[0]), pair[1]), pair[0]))
        .repartitionAndSortWithinPartitions(partitions, partitionFunc=lambda key: key[0])
    )

    def fit_partial(index, rows):
        tool = SparkFiles.get(name)
        os.chmod(tool, 0o755)
        command = [tool, "fit", "--partial", "--scans", "-", "--out", "-"]
        if as_of:
            command += ["--as-of", as_of]
        with tempfile.TemporaryFile() as stdin:
            stdin.write(header + b"\n")
            for _, line in rows:
                stdin.write(line + b"\n")
            stdin.seek(0)
            run = subprocess.run(command, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if run.returncode != 0:
            raise RuntimeError(f"shard {index}: edd-train fit --partial exited {run.returncode}: "
                               + run.stderr.decode("utf-8", "replace")[-2000:])
        yield index, run.stdout

    partials = keyed.mapPartitionsWithIndex(fit_partial).collect()
    if len(partials) != partitions:
        raise SystemExit(f"{len(partials)} of {partitions} shards produced a partial; no model written")
    work = args.work or tempfile.mkdtemp(prefix="edd-spark-")
    paths = []
    for index, data in sorted(partials):
        path = os.path.join(work, f"shard-{index}.partial")
        with open(path, "wb") as f:
            f.write(data)
        paths.append(path)
    spark.stop()
    merge = subprocess.run([binary, "merge", *paths, "--out", args.out])
    if merge.returncode != 0:
        raise SystemExit(f"edd-train merge exited {merge.returncode}; no model written")
    print(f"model written to {args.out} from {partitions} shards", file=sys.stderr)


if __name__ == "__main__":
    main()
