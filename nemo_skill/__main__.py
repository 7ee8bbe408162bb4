from nemo_skill.cli.main import main

raise SystemExit(main())
