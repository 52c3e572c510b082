.PHONY: test demo bench

test:
	bash scripts/test.sh

demo:
	bash scripts/demo.sh

bench:
	bash scripts/setup.sh && .venv/bin/python -m benchmarks
