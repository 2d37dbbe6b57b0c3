/**
 * Program IDL in camelCase format in order to be used in JS/TS.
 *
 * Note that this is only a type helper and is not the actual IDL. The original
 * IDL can be found at `target/idl/staking.json`.
 */
export type Staking = {
  "address": "BZHZCDozrDR5DDd8xvGSnD62Tpsd87yDZZ8qfkS7CRYJ",
  "metadata": {
    "name": "staking",
    "version": "0.1.0",
    "spec": "0.1.0",
    "description": "Synq Network staking program"
  },
  "instructions": [
    {
      "name": "activateStake",
      "docs": [
        "Permissionless: a position's stake joins the active class once its warm-up is over."
      ],
      "discriminator": [
        162,
        155,
        148,
        121,
        91,
        65,
        2,
        96
      ],
      "accounts": [
        {
          "name": "config",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          },
          "relations": [
            "pool"
          ]
        },
        {
          "name": "pool",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  112,
                  111,
                  111,
                  108
                ]
              },
              {
                "kind": "account",
                "path": "pool.operator",
                "account": "stakePool"
              }
            ]
          },
          "relations": [
            "position"
          ]
        },
        {
          "name": "position",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  112,
                  111,
                  115,
                  105,
                  116,
                  105,
                  111,
                  110
                ]
              },
              {
                "kind": "account",
                "path": "pool"
              },
              {
                "kind": "account",
                "path": "position.owner",
                "account": "stakePosition"
              }
            ]
          }
        }
      ],
      "args": []
    },
    {
      "name": "createPool",
      "discriminator": [
        233,
        146,
        209,
        142,
        207,
        104,
        64,
        188
      ],
      "accounts": [
        {
          "name": "payer",
          "writable": true,
          "signer": true
        },
        {
          "name": "operator",
          "docs": [
            "The node operator the pool belongs to; receives the commission."
          ],
          "signer": true
        },
        {
          "name": "config",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        },
        {
          "name": "mint",
          "relations": [
            "config"
          ]
        },
        {
          "name": "pool",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  112,
                  111,
                  111,
                  108
                ]
              },
              {
                "kind": "account",
                "path": "operator"
              }
            ]
          }
        },
        {
          "name": "vault",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  118,
                  97,
                  117,
                  108,
                  116
                ]
              },
              {
                "kind": "account",
                "path": "pool"
              }
            ]
          }
        },
        {
          "name": "tokenProgram",
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "commissionBps",
          "type": "u16"
        }
      ]
    },
    {
      "name": "depositRewards",
      "discriminator": [
        52,
        249,
        112,
        72,
        206,
        161,
        196,
        1
      ],
      "accounts": [
        {
          "name": "depositor",
          "docs": [
            "Anyone may pay rewards into a pool (payment_config's claim, or a sponsor)."
          ],
          "signer": true
        },
        {
          "name": "config",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          },
          "relations": [
            "pool"
          ]
        },
        {
          "name": "pool",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  112,
                  111,
                  111,
                  108
                ]
              },
              {
                "kind": "account",
                "path": "pool.operator",
                "account": "stakePool"
              }
            ]
          }
        },
        {
          "name": "vault",
          "writable": true,
          "relations": [
            "pool"
          ]
        },
        {
          "name": "source",
          "writable": true
        },
        {
          "name": "operatorTokens",
          "docs": [
            "The operator's token account: receives the commission."
          ],
          "writable": true
        },
        {
          "name": "tokenProgram",
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        }
      ],
      "args": [
        {
          "name": "amount",
          "type": "u64"
        }
      ]
    },
    {
      "name": "initialize",
      "discriminator": [
        175,
        175,
        109,
        31,
        13,
        152,
        155,
        237
      ],
      "accounts": [
        {
          "name": "payer",
          "writable": true,
          "signer": true
        },
        {
          "name": "authority",
          "signer": true
        },
        {
          "name": "programData",
          "docs": [
            "The program's ProgramData (BPF upgradeable loader), as `anchor deploy` leaves it: only its",
            "upgrade authority may initialise, so nobody can take the config before the deployer."
          ],
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  156,
                  218,
                  44,
                  140,
                  140,
                  179,
                  35,
                  162,
                  47,
                  227,
                  69,
                  150,
                  160,
                  72,
                  89,
                  34,
                  177,
                  255,
                  155,
                  55,
                  241,
                  44,
                  16,
                  183,
                  145,
                  24,
                  153,
                  204,
                  222,
                  229,
                  206,
                  239
                ]
              }
            ],
            "program": {
              "kind": "const",
              "value": [
                2,
                168,
                246,
                145,
                78,
                136,
                161,
                176,
                226,
                16,
                21,
                62,
                247,
                99,
                174,
                43,
                0,
                194,
                185,
                61,
                22,
                193,
                36,
                210,
                192,
                83,
                122,
                16,
                4,
                128,
                0,
                0
              ]
            }
          }
        },
        {
          "name": "mint"
        },
        {
          "name": "config",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "initializeArgs"
            }
          }
        }
      ]
    },
    {
      "name": "lockVote",
      "docs": [
        "Governance opens a vote with this position's stake: unstaking is refused until unlocked."
      ],
      "discriminator": [
        179,
        226,
        71,
        228,
        18,
        49,
        118,
        179
      ],
      "accounts": [
        {
          "name": "governance",
          "signer": true
        },
        {
          "name": "config",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        },
        {
          "name": "position",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  112,
                  111,
                  115,
                  105,
                  116,
                  105,
                  111,
                  110
                ]
              },
              {
                "kind": "account",
                "path": "position.pool",
                "account": "stakePosition"
              },
              {
                "kind": "account",
                "path": "position.owner",
                "account": "stakePosition"
              }
            ]
          }
        }
      ],
      "args": []
    },
    {
      "name": "requestUnstake",
      "discriminator": [
        44,
        154,
        110,
        253,
        160,
        202,
        54,
        34
      ],
      "accounts": [
        {
          "name": "owner",
          "signer": true,
          "relations": [
            "position"
          ]
        },
        {
          "name": "config",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          },
          "relations": [
            "pool"
          ]
        },
        {
          "name": "pool",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  112,
                  111,
                  111,
                  108
                ]
              },
              {
                "kind": "account",
                "path": "pool.operator",
                "account": "stakePool"
              }
            ]
          },
          "relations": [
            "position"
          ]
        },
        {
          "name": "position",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  112,
                  111,
                  115,
                  105,
                  116,
                  105,
                  111,
                  110
                ]
              },
              {
                "kind": "account",
                "path": "pool"
              },
              {
                "kind": "account",
                "path": "owner"
              }
            ]
          }
        }
      ],
      "args": [
        {
          "name": "shares",
          "type": "u128"
        }
      ]
    },
    {
      "name": "setParams",
      "discriminator": [
        27,
        234,
        178,
        52,
        147,
        2,
        187,
        141
      ],
      "accounts": [
        {
          "name": "authority",
          "signer": true,
          "relations": [
            "config"
          ]
        },
        {
          "name": "config",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "setStakeParamsArgs"
            }
          }
        }
      ]
    },
    {
      "name": "slash",
      "discriminator": [
        204,
        141,
        18,
        161,
        8,
        177,
        92,
        142
      ],
      "accounts": [
        {
          "name": "slasher",
          "docs": [
            "The registry's slasher PDA (by CPI) or the config authority."
          ],
          "signer": true
        },
        {
          "name": "config",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          },
          "relations": [
            "pool"
          ]
        },
        {
          "name": "pool",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  112,
                  111,
                  111,
                  108
                ]
              },
              {
                "kind": "account",
                "path": "pool.operator",
                "account": "stakePool"
              }
            ]
          }
        },
        {
          "name": "vault",
          "writable": true,
          "relations": [
            "pool"
          ]
        },
        {
          "name": "mint",
          "writable": true,
          "relations": [
            "config"
          ]
        },
        {
          "name": "tokenProgram",
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        }
      ],
      "args": [
        {
          "name": "amount",
          "type": "u64"
        }
      ]
    },
    {
      "name": "stake",
      "discriminator": [
        206,
        176,
        202,
        18,
        200,
        209,
        179,
        108
      ],
      "accounts": [
        {
          "name": "owner",
          "writable": true,
          "signer": true
        },
        {
          "name": "config",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          },
          "relations": [
            "pool"
          ]
        },
        {
          "name": "pool",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  112,
                  111,
                  111,
                  108
                ]
              },
              {
                "kind": "account",
                "path": "pool.operator",
                "account": "stakePool"
              }
            ]
          }
        },
        {
          "name": "vault",
          "writable": true,
          "relations": [
            "pool"
          ]
        },
        {
          "name": "position",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  112,
                  111,
                  115,
                  105,
                  116,
                  105,
                  111,
                  110
                ]
              },
              {
                "kind": "account",
                "path": "pool"
              },
              {
                "kind": "account",
                "path": "owner"
              }
            ]
          }
        },
        {
          "name": "ownerTokens",
          "writable": true
        },
        {
          "name": "tokenProgram",
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "amount",
          "type": "u64"
        }
      ]
    },
    {
      "name": "syncStake",
      "docs": [
        "Permissionless: counts a pool's rewards and slashes into the config's `total_staked`."
      ],
      "discriminator": [
        90,
        24,
        55,
        14,
        235,
        189,
        91,
        210
      ],
      "accounts": [
        {
          "name": "config",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          },
          "relations": [
            "pool"
          ]
        },
        {
          "name": "pool",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  112,
                  111,
                  111,
                  108
                ]
              },
              {
                "kind": "account",
                "path": "pool.operator",
                "account": "stakePool"
              }
            ]
          }
        }
      ],
      "args": []
    },
    {
      "name": "unlockVote",
      "discriminator": [
        162,
        178,
        150,
        154,
        44,
        84,
        172,
        206
      ],
      "accounts": [
        {
          "name": "governance",
          "signer": true
        },
        {
          "name": "config",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          }
        },
        {
          "name": "position",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  112,
                  111,
                  115,
                  105,
                  116,
                  105,
                  111,
                  110
                ]
              },
              {
                "kind": "account",
                "path": "position.pool",
                "account": "stakePosition"
              },
              {
                "kind": "account",
                "path": "position.owner",
                "account": "stakePosition"
              }
            ]
          }
        }
      ],
      "args": []
    },
    {
      "name": "withdraw",
      "discriminator": [
        183,
        18,
        70,
        156,
        148,
        109,
        161,
        34
      ],
      "accounts": [
        {
          "name": "owner",
          "signer": true,
          "relations": [
            "position"
          ]
        },
        {
          "name": "config",
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  99,
                  111,
                  110,
                  102,
                  105,
                  103
                ]
              }
            ]
          },
          "relations": [
            "pool"
          ]
        },
        {
          "name": "pool",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  112,
                  111,
                  111,
                  108
                ]
              },
              {
                "kind": "account",
                "path": "pool.operator",
                "account": "stakePool"
              }
            ]
          },
          "relations": [
            "position"
          ]
        },
        {
          "name": "vault",
          "writable": true,
          "relations": [
            "pool"
          ]
        },
        {
          "name": "position",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101,
                  95,
                  112,
                  111,
                  115,
                  105,
                  116,
                  105,
                  111,
                  110
                ]
              },
              {
                "kind": "account",
                "path": "pool"
              },
              {
                "kind": "account",
                "path": "owner"
              }
            ]
          }
        },
        {
          "name": "destination",
          "writable": true
        },
        {
          "name": "tokenProgram",
          "address": "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA"
        }
      ],
      "args": []
    }
  ],
  "accounts": [
    {
      "name": "stakeConfig",
      "discriminator": [
        238,
        151,
        43,
        3,
        11,
        151,
        63,
        176
      ]
    },
    {
      "name": "stakePool",
      "discriminator": [
        121,
        34,
        206,
        21,
        79,
        127,
        255,
        28
      ]
    },
    {
      "name": "stakePosition",
      "discriminator": [
        78,
        165,
        30,
        111,
        171,
        125,
        11,
        220
      ]
    }
  ],
  "events": [
    {
      "name": "poolCreated",
      "discriminator": [
        202,
        44,
        41,
        88,
        104,
        220,
        157,
        82
      ]
    },
    {
      "name": "poolSlashed",
      "discriminator": [
        102,
        120,
        17,
        177,
        162,
        218,
        89,
        50
      ]
    },
    {
      "name": "rewardsDeposited",
      "discriminator": [
        120,
        19,
        149,
        33,
        111,
        163,
        248,
        156
      ]
    },
    {
      "name": "stakeActivated",
      "discriminator": [
        156,
        232,
        9,
        4,
        13,
        247,
        233,
        111
      ]
    },
    {
      "name": "stakeParamsUpdated",
      "discriminator": [
        1,
        131,
        5,
        76,
        178,
        131,
        93,
        94
      ]
    },
    {
      "name": "stakeSynced",
      "discriminator": [
        253,
        173,
        34,
        70,
        9,
        209,
        121,
        236
      ]
    },
    {
      "name": "staked",
      "discriminator": [
        11,
        146,
        45,
        205,
        230,
        58,
        213,
        240
      ]
    },
    {
      "name": "stakingInitialized",
      "discriminator": [
        22,
        155,
        230,
        163,
        100,
        9,
        62,
        165
      ]
    },
    {
      "name": "unstakeRequested",
      "discriminator": [
        21,
        253,
        177,
        85,
        129,
        206,
        42,
        152
      ]
    },
    {
      "name": "voteLockChanged",
      "discriminator": [
        66,
        183,
        228,
        162,
        246,
        16,
        193,
        238
      ]
    },
    {
      "name": "withdrawn",
      "discriminator": [
        20,
        89,
        223,
        198,
        194,
        124,
        219,
        13
      ]
    }
  ],
  "errors": [
    {
      "code": 6000,
      "name": "invalidCooldown",
      "msg": "The cooldown must be between one day and one year"
    },
    {
      "code": 6001,
      "name": "invalidWarmup",
      "msg": "The warm-up must be between one hour and thirty days"
    },
    {
      "code": 6002,
      "name": "invalidCommission",
      "msg": "Commission must be at most 10000 basis points"
    },
    {
      "code": 6003,
      "name": "zeroAmount",
      "msg": "Amount must be greater than zero"
    },
    {
      "code": 6004,
      "name": "zeroShares",
      "msg": "The deposit is too small to mint a single share"
    },
    {
      "code": 6005,
      "name": "overflow",
      "msg": "Arithmetic overflow"
    },
    {
      "code": 6006,
      "name": "insufficientShares",
      "msg": "The position does not hold that many shares"
    },
    {
      "code": 6007,
      "name": "openVotes",
      "msg": "The position has open votes and cannot unstake"
    },
    {
      "code": 6008,
      "name": "nothingUnbonding",
      "msg": "Nothing is unbonding"
    },
    {
      "code": 6009,
      "name": "cooldownNotElapsed",
      "msg": "The cooldown has not elapsed"
    },
    {
      "code": 6010,
      "name": "unauthorizedSlasher",
      "msg": "Only the slasher or the config authority may slash"
    },
    {
      "code": 6011,
      "name": "unauthorizedGovernance",
      "msg": "Only the configured governance key may lock or unlock votes"
    },
    {
      "code": 6012,
      "name": "noOpenVote",
      "msg": "The position has no open vote to unlock"
    },
    {
      "code": 6013,
      "name": "notUpgradeAuthority",
      "msg": "Only the program's upgrade authority (its ProgramData account) may initialise"
    },
    {
      "code": 6014,
      "name": "nothingWarming",
      "msg": "No stake of this position is warming up"
    },
    {
      "code": 6015,
      "name": "warmupNotElapsed",
      "msg": "The warm-up has not elapsed"
    }
  ],
  "types": [
    {
      "name": "initializeArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "cooldownSeconds",
            "type": "u64"
          },
          {
            "name": "warmupSeconds",
            "type": "u64"
          },
          {
            "name": "slasher",
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "poolCreated",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "pool",
            "type": "pubkey"
          },
          {
            "name": "operator",
            "type": "pubkey"
          },
          {
            "name": "vault",
            "type": "pubkey"
          },
          {
            "name": "commissionBps",
            "type": "u16"
          }
        ]
      }
    },
    {
      "name": "poolSlashed",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "pool",
            "type": "pubkey"
          },
          {
            "name": "slasher",
            "type": "pubkey"
          },
          {
            "name": "requested",
            "type": "u64"
          },
          {
            "name": "fromActive",
            "type": "u64"
          },
          {
            "name": "fromUnbonding",
            "type": "u64"
          },
          {
            "name": "poolTokens",
            "type": "u64"
          },
          {
            "name": "unbondingTokens",
            "type": "u64"
          },
          {
            "name": "generation",
            "type": "u32"
          }
        ]
      }
    },
    {
      "name": "rewardsDeposited",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "pool",
            "type": "pubkey"
          },
          {
            "name": "depositor",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "commission",
            "type": "u64"
          },
          {
            "name": "toStakers",
            "type": "u64"
          },
          {
            "name": "poolTokens",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "setStakeParamsArgs",
      "docs": [
        "Every field is optional: `None` keeps the current value."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "cooldownSeconds",
            "type": {
              "option": "u64"
            }
          },
          {
            "name": "warmupSeconds",
            "type": {
              "option": "u64"
            }
          },
          {
            "name": "slasher",
            "type": {
              "option": "pubkey"
            }
          },
          {
            "name": "governance",
            "type": {
              "option": "pubkey"
            }
          },
          {
            "name": "authority",
            "type": {
              "option": "pubkey"
            }
          }
        ]
      }
    },
    {
      "name": "stakeActivated",
      "docs": [
        "A position's warmed-up stake bought `shares` active shares."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "pool",
            "type": "pubkey"
          },
          {
            "name": "position",
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "shares",
            "type": "u128"
          },
          {
            "name": "poolTokens",
            "type": "u64"
          },
          {
            "name": "poolShares",
            "type": "u128"
          }
        ]
      }
    },
    {
      "name": "stakeConfig",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "authority",
            "type": "pubkey"
          },
          {
            "name": "mint",
            "docs": [
              "The $SYNQ mint every pool stakes."
            ],
            "type": "pubkey"
          },
          {
            "name": "slasher",
            "docs": [
              "The only key besides `authority` allowed to slash: the registry's slasher PDA."
            ],
            "type": "pubkey"
          },
          {
            "name": "governance",
            "docs": [
              "Locks/unlocks positions for open votes (the governance program's authority PDA);",
              "the default key until governance is bootstrapped, so nobody can lock."
            ],
            "type": "pubkey"
          },
          {
            "name": "cooldownSeconds",
            "type": "u64"
          },
          {
            "name": "warmupSeconds",
            "docs": [
              "How long new stake waits before it joins the pool's active class (see `Warming`)."
            ],
            "type": "u64"
          },
          {
            "name": "poolCount",
            "type": "u64"
          },
          {
            "name": "totalStaked",
            "docs": [
              "Active stake of all pools as last synced (`StakePool::counted_tokens`): the quorum base",
              "of governance. `stake` and `request_unstake` keep it exact; rewards and slashes reach it",
              "when the pool is next touched or `sync_stake` runs (permissionless)."
            ],
            "type": "u64"
          },
          {
            "name": "createdAt",
            "type": "i64"
          },
          {
            "name": "bump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "stakeParamsUpdated",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "config",
            "type": "pubkey"
          },
          {
            "name": "authority",
            "type": "pubkey"
          },
          {
            "name": "slasher",
            "type": "pubkey"
          },
          {
            "name": "governance",
            "type": "pubkey"
          },
          {
            "name": "cooldownSeconds",
            "type": "u64"
          },
          {
            "name": "warmupSeconds",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "stakePool",
      "docs": [
        "One node operator's stake pool. Two share classes live in it: active stake (earns rewards,",
        "counts for the registry's minimum stake) and unbonding stake (waits out the cooldown).",
        "Both are slashable; slashing lowers the value of a share, never a position's share count."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "config",
            "type": "pubkey"
          },
          {
            "name": "operator",
            "type": "pubkey"
          },
          {
            "name": "vault",
            "docs": [
              "Token account (PDA `[VAULT_SEED, pool]`) owned by this pool PDA."
            ],
            "type": "pubkey"
          },
          {
            "name": "totalTokens",
            "docs": [
              "Active tokens backing `total_shares`."
            ],
            "type": "u64"
          },
          {
            "name": "totalShares",
            "type": "u128"
          },
          {
            "name": "unbondingTokens",
            "docs": [
              "Tokens backing `unbonding_shares` (requested, not yet withdrawn)."
            ],
            "type": "u64"
          },
          {
            "name": "unbondingShares",
            "type": "u128"
          },
          {
            "name": "warmingTokens",
            "docs": [
              "Tokens of positions still warming up (`StakePosition::warming`): in the vault, in no class."
            ],
            "type": "u64"
          },
          {
            "name": "commissionBps",
            "type": "u16"
          },
          {
            "name": "generation",
            "docs": [
              "Bumped when a slash empties the pool completely: positions from an older generation",
              "hold nothing (their shares are zeroed when next touched), so share counts restart."
            ],
            "type": "u32"
          },
          {
            "name": "totalSlashed",
            "type": "u64"
          },
          {
            "name": "totalRewards",
            "type": "u64"
          },
          {
            "name": "countedTokens",
            "docs": [
              "This pool's `total_tokens` as last added into `StakeConfig::total_staked`."
            ],
            "type": "u64"
          },
          {
            "name": "createdAt",
            "type": "i64"
          },
          {
            "name": "bump",
            "type": "u8"
          },
          {
            "name": "vaultBump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "stakePosition",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "pool",
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "shares",
            "docs": [
              "Shares of the pool's active class."
            ],
            "type": "u128"
          },
          {
            "name": "unbonding",
            "type": {
              "defined": {
                "name": "unbonding"
              }
            }
          },
          {
            "name": "warming",
            "type": {
              "defined": {
                "name": "warming"
              }
            }
          },
          {
            "name": "activeVotes",
            "docs": [
              "Open governance votes; unstaking is refused while this is non-zero."
            ],
            "type": "u32"
          },
          {
            "name": "generation",
            "docs": [
              "The pool generation these shares belong to (see `StakePool::generation`)."
            ],
            "type": "u32"
          },
          {
            "name": "bump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "stakeSynced",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "pool",
            "type": "pubkey"
          },
          {
            "name": "poolTokens",
            "type": "u64"
          },
          {
            "name": "totalStaked",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "staked",
      "docs": [
        "`amount` entered the position's warm-up (now `warming` in all), active from `active_at`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "pool",
            "type": "pubkey"
          },
          {
            "name": "position",
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "warming",
            "type": "u64"
          },
          {
            "name": "activeAt",
            "type": "i64"
          },
          {
            "name": "poolWarming",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "stakingInitialized",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "config",
            "type": "pubkey"
          },
          {
            "name": "authority",
            "type": "pubkey"
          },
          {
            "name": "mint",
            "type": "pubkey"
          },
          {
            "name": "slasher",
            "type": "pubkey"
          },
          {
            "name": "cooldownSeconds",
            "type": "u64"
          },
          {
            "name": "warmupSeconds",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "unbonding",
      "docs": [
        "Tokens on their way out: a claim on the pool's unbonding class, withdrawable at `available_at`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "shares",
            "docs": [
              "Shares of the pool's unbonding class (slashable until withdrawn)."
            ],
            "type": "u128"
          },
          {
            "name": "availableAt",
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "unstakeRequested",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "pool",
            "type": "pubkey"
          },
          {
            "name": "position",
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "shares",
            "type": "u128"
          },
          {
            "name": "tokens",
            "type": "u64"
          },
          {
            "name": "unbondingShares",
            "type": "u128"
          },
          {
            "name": "availableAt",
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "voteLockChanged",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "position",
            "type": "pubkey"
          },
          {
            "name": "activeVotes",
            "type": "u32"
          }
        ]
      }
    },
    {
      "name": "warming",
      "docs": [
        "New stake on its way in: held in the pool's vault, outside every share class (it earns no",
        "rewards, counts for no minimum stake or vote, and no slash reaches it) until `active_at`,",
        "when it buys active shares at that moment's price. Staking again restarts the wait."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "activeAt",
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "withdrawn",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "pool",
            "type": "pubkey"
          },
          {
            "name": "position",
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          }
        ]
      }
    }
  ],
  "constants": [
    {
      "name": "bpsDenominator",
      "docs": [
        "100% in basis points."
      ],
      "type": "u16",
      "value": "10000"
    },
    {
      "name": "configSeed",
      "type": "bytes",
      "value": "[115, 116, 97, 107, 101, 95, 99, 111, 110, 102, 105, 103]"
    },
    {
      "name": "maxCooldownSeconds",
      "docs": [
        "Longest unbonding period governance may set: one year."
      ],
      "type": "u64",
      "value": "31536000"
    },
    {
      "name": "maxWarmupSeconds",
      "type": "u64",
      "value": "2592000"
    },
    {
      "name": "minCooldownSeconds",
      "docs": [
        "Shortest unbonding period: one day, so stake stays slashable well past any challenge's",
        "response window and a vote's outcome (stake is locked while it votes anyway)."
      ],
      "type": "u64",
      "value": "86400"
    },
    {
      "name": "minWarmupSeconds",
      "docs": [
        "Warm-up bounds: new stake earns rewards (and counts as stake) only after `warmup_seconds`,",
        "so stake placed just before a reward claim cannot share rewards earned before it. At least",
        "an hour; at most thirty days. Governance keeps it at least one payment epoch long."
      ],
      "type": "u64",
      "value": "3600"
    },
    {
      "name": "poolSeed",
      "docs": [
        "`[POOL_SEED, operator]`: one pool per node operator."
      ],
      "type": "bytes",
      "value": "[115, 116, 97, 107, 101, 95, 112, 111, 111, 108]"
    },
    {
      "name": "positionSeed",
      "docs": [
        "`[POSITION_SEED, pool, owner]`: one position per (pool, staker)."
      ],
      "type": "bytes",
      "value": "[115, 116, 97, 107, 101, 95, 112, 111, 115, 105, 116, 105, 111, 110]"
    },
    {
      "name": "vaultSeed",
      "docs": [
        "`[VAULT_SEED, pool]`: the pool's token account, its authority is the pool PDA."
      ],
      "type": "bytes",
      "value": "[115, 116, 97, 107, 101, 95, 118, 97, 117, 108, 116]"
    },
    {
      "name": "virtualShares",
      "docs": [
        "Virtual shares and tokens added to each share class (ERC-4626 style offset): a pool starts",
        "at `VIRTUAL_SHARES / VIRTUAL_TOKENS` shares per token, and a donation to a near-empty pool",
        "is shared with these phantom holders, which makes first-depositor inflation unprofitable."
      ],
      "type": "u64",
      "value": "1000"
    },
    {
      "name": "virtualTokens",
      "type": "u64",
      "value": "1"
    }
  ]
};
