from timeline.contrib.cli import main

raise SystemExit(main())
