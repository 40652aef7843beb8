from pulumi_aep_streaming.plugin import main

if __name__ == "__main__":  # run as `python -m pulumi_aep_streaming.plugin`, never on import
    main()
