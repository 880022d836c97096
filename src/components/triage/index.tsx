import { Button, Text, View } from '@tarojs/components'
import { useState } from 'react'
import { button } from '@/a11y'
import type { Channel, TriageOption, TriageQuestion } from '@/model/services'
import { CHANNEL_KINDS } from '@/model/labels'
import './index.scss'

/** A few questions, one at a time, that end at the right channel with its checklist. */
export function Triage({ questions, channels }: { questions: TriageQuestion[]; channels: Channel[] }) {
  const [path, setPath] = useState<string[]>([questions[0].id])
  const [result, setResult] = useState<TriageOption>()
  const question = questions.find((q) => q.id === path[path.length - 1]) ?? questions[0]
  const restart = () => {
    setPath([questions[0].id])
    setResult(undefined)
  }
  const choose = (option: TriageOption) => {
    if (option.channel) setResult(option)
    else if (option.next) setPath([...path, option.next])
  }

  if (result?.channel) {
    const channel = channels.find((c) => c.kind === result.channel)
    return (
      <View className='card triage' ariaRole='status'>
        <Text className='triage__result'>建议您：{CHANNEL_KINDS[result.channel]}</Text>
        {result.note && <Text className='triage__note'>{result.note}</Text>}
        {channel && (
          <View className='triage__checklist'>
            <Text className='triage__checklist-title'>{channel.title}，需要准备：</Text>
            {channel.checklist.map((entry, i) => (
              <Text key={i} className='triage__checklist-item'>
                {i + 1}. {entry}
              </Text>
            ))}
          </View>
        )}
        <Button {...button()} className='btn btn-plain' onClick={restart}>
          重新选择
        </Button>
      </View>
    )
  }

  return (
    <View className='card triage'>
      <Text className='triage__step'>
        第 {path.length} 步，共 {questions.length} 步以内
      </Text>
      <Text className='triage__question'>{question.text}</Text>
      {question.options.map((option) => (
        <Button
          key={option.label}
          {...button()}
          className='btn btn-plain triage__option'
          onClick={() => choose(option)}
        >
          {option.label}
        </Button>
      ))}
      {path.length > 1 && (
        <Button {...button()} className='btn btn-plain triage__back' onClick={() => setPath(path.slice(0, -1))}>
          上一步
        </Button>
      )}
    </View>
  )
}
