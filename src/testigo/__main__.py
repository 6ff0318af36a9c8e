from testigo.cli import main

raise SystemExit(main())
